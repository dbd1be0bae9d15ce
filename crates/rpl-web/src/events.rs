//! DOM listeners → [`Msg`]: the only code that reads the page's inputs. Each
//! listener turns its event into one message and posts it to the app, whose
//! next animation frame updates the state and draws; nothing here changes the
//! state or the page itself, except putting the text of a Share or Embed field
//! on the clipboard (which browsers allow only inside the click's handler).

use std::rc::Rc;

use rpl_lessons::Lang;
use rpl_model::scenario::Panels;
use rpl_model::{Command, Key};
use rpl_ui::axis::TimeScale;
use rpl_ui::state::{EmbedChoice, LessonError, Msg, Source};
use rpl_ui::tabs::PanelTab;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Element, Event, EventTarget, KeyboardEvent, Window};

use crate::platform::dom::Listener;
use crate::view::controls::{self, Control};
use crate::view::share;
use crate::view::View;

/// What the listeners talk to: the app (so this module does not depend on it).
pub trait Page: 'static {
    /// The page's elements.
    fn view(&self) -> &View;
    /// Queue one input for the next frame.
    fn post(&self, msg: Msg);
    /// Show what went wrong.
    fn report(&self, e: &JsValue);
    /// The reader's prediction in the lessons panel, if a lesson is open.
    fn prediction(&self) -> Option<Result<rpl_lessons::Prediction, LessonError>>;
}

/// Listen to `target`'s `kind` events; each becomes the message `msg` makes
/// (none: ignored), posted to the app. After a panic nothing happens.
fn on<P: Page>(
    inner: &Rc<P>,
    target: &EventTarget,
    kind: &'static str,
    msg: impl Fn(&Event) -> Option<Msg> + 'static,
) -> Listener {
    listener(target, kind, poster(inner), Box::new(msg))
}

/// Posts a message to the app while it lives (one closure type for every
/// listener, made outside [`on`], which is generic over each listener's own).
fn poster<P: Page>(inner: &Rc<P>) -> Rc<dyn Fn(Msg)> {
    let weak = Rc::downgrade(inner);
    Rc::new(move |m| {
        if let Some(inner) = weak.upgrade() {
            inner.post(m);
        }
    })
}

/// What a listener makes of its event: the input to post, if any.
type ToMsg = Box<dyn Fn(&Event) -> Option<Msg>>;

/// [`on`]'s one body for every listener (not generic: the page has dozens
/// of listeners, and one copy of this code instead of one each).
#[inline(never)]
fn listener(
    target: &EventTarget,
    kind: &'static str,
    post: Rc<dyn Fn(Msg)>,
    msg: ToMsg,
) -> Listener {
    // Not passive (gloo's default): a form's submit and the Space key must be
    // able to prevent the browser's own action.
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    Listener::new_with_options(target, kind, options, move |ev: &Event| {
        if crate::panicked() {
            return;
        }
        if let Some(m) = msg(ev) {
            post(m);
        }
    })
}

/// A listener for an action that is not a state change (copying to the clipboard).
fn on_action<P: Page>(
    inner: &Rc<P>,
    target: &EventTarget,
    kind: &'static str,
    action: impl Fn() -> Result<(), JsValue> + 'static,
) -> Listener {
    let weak = Rc::downgrade(inner);
    Listener::new(target, kind, move |_: &Event| {
        if crate::panicked() {
            return;
        }
        if let (Some(inner), Err(e)) = (weak.upgrade(), action()) {
            inner.report(&e);
        }
    })
}

/// Every listener of the page, kept alive by the app.
pub fn listen<P: Page>(inner: &Rc<P>, window: &Window) -> Vec<Listener> {
    let view = inner.view();
    let ui = &view.ui;
    let mut out = Vec::new();
    let preset = ui.preset.clone();
    out.push(on(inner, &ui.preset, "change", move |_| {
        Some(Msg::ChoosePreset(preset.value()))
    }));
    out.push(on(inner, &ui.play, "click", |_| Some(Msg::TogglePlaying)));
    out.push(on(inner, &ui.reset, "click", |_| Some(Msg::Reset)));
    let speed = ui.speed.clone();
    out.push(on(inner, &ui.speed, "change", move |_| {
        // A value the selector should not have asks for nothing; the view puts it back.
        Some(Msg::ChooseSpeed(
            speed.value().parse().unwrap_or(usize::MAX),
        ))
    }));
    out.push(on(inner, window, "resize", |_| Some(Msg::Resize)));
    out.push(on(inner, window, "keydown", shortcut));
    if let Some(b) = &ui.step {
        out.push(on(inner, b, "click", |_| Some(Msg::Step)));
    }
    if let Some(b) = &ui.try_swelling {
        out.push(on(inner, b, "click", |_| {
            Some(Msg::Apply {
                cmd: Key::Volume
                    .parse_value("swelling")
                    .map(|v| Command::Set(Key::Volume, v)),
                source: Source::Other,
            })
        }));
    }
    if let Some(b) = &ui.restart {
        out.push(on(inner, b, "click", |_| Some(Msg::RestartRun)));
    }
    if let Some(b) = &ui.undo_reset {
        out.push(on(inner, b, "click", |_| Some(Msg::UndoReset)));
    }
    if let Some(b) = &ui.steady {
        out.push(on(inner, b, "click", |_| Some(Msg::GoToSteadyState)));
    }
    if let Some(b) = &ui.lang_zh {
        out.push(on(inner, b, "click", |_| Some(Msg::SetLang(Lang::Zh))));
    }
    if let Some(b) = &ui.lang_en {
        out.push(on(inner, b, "click", |_| Some(Msg::SetLang(Lang::En))));
    }
    lessons(inner, &mut out);
    if let Some(tl) = &view.timeline {
        let input = tl.input.clone();
        out.push(on(inner, &tl.input, "input", move |_| {
            let pos = input.value_as_number();
            pos.is_finite()
                .then(|| Msg::SeekAlong(pos / crate::view::timeline::STEPS))
        }));
    }
    share_buttons(inner, &mut out);
    chart_panels(inner, &mut out);
    sweep(inner, &mut out);
    if let Some(p) = &inner.view().pins {
        out.push(on(inner, &p.button, "click", |_| Some(Msg::Pin)));
        // One listener for the list's remove buttons.
        out.push(on(inner, &p.list, "click", |ev| {
            let target = ev.target()?.dyn_into::<Element>().ok()?;
            let i = target
                .closest("[data-unpin]")
                .ok()??
                .get_attribute("data-unpin")?;
            Some(Msg::Unpin(i.parse().ok()?))
        }));
    }
    if let Some(b) = &inner.view().stim {
        let kinds = [
            rpl_model::SynapseKind::Excitatory,
            rpl_model::SynapseKind::Inhibitory,
        ];
        for (button, kind) in b.synapses.iter().zip(kinds) {
            out.push(on(inner, button, "click", move |_| {
                Some(Msg::Synapse(kind))
            }));
        }
        let fields = b.fields.clone();
        let read = move || {
            let text = crate::view::stim::text_of(&fields);
            Some(Msg::Stimulate(rpl_model::StimulusSpec::parse(&text)))
        };
        let click = read.clone();
        out.push(on(inner, &b.button, "click", move |_| click()));
        // Enter in a field stimulates too.
        for f in &b.fields {
            let enter = read.clone();
            out.push(on(inner, f, "keydown", move |ev| {
                let key = ev.dyn_ref::<KeyboardEvent>()?;
                if key.key() != "Enter" {
                    return None;
                }
                ev.prevent_default();
                enter()
            }));
        }
    }
    tabs(inner, &mut out);
    for (i, c) in view.controls.iter().enumerate() {
        match c {
            Control::Range(r) => {
                let slider = r.clone();
                out.push(on(inner, &r.slider, "input", move |_| {
                    Some(Msg::Apply {
                        cmd: slider.command_from_slider().0,
                        source: Source::Slider(i),
                    })
                }));
                // Arrow keys move a fiftieth of the slider, not a thousandth.
                let keyed = r.clone();
                out.push(on(inner, &r.slider, "keydown", move |ev| {
                    let key = ev.dyn_ref::<KeyboardEvent>()?;
                    if key.ctrl_key() || key.meta_key() || key.alt_key() {
                        return None;
                    }
                    let to = controls::keyed_position(keyed.position(), &key.key())?;
                    ev.prevent_default();
                    Some(Msg::Apply {
                        cmd: keyed.command_at(to).0,
                        source: Source::Typed(i),
                    })
                }));
                let typed = r.clone();
                out.push(on(inner, &r.input, "change", move |_| {
                    Some(Msg::Apply {
                        cmd: typed.command_from_text(&typed.input.value()),
                        source: Source::Typed(i),
                    })
                }));
            }
            Control::Toggle(spec, input) => {
                let (spec, el) = (*spec, input.clone());
                out.push(on(inner, input, "change", move |_| {
                    let controls::Kind::Toggle { on, off } = spec.kind else {
                        return None;
                    };
                    Some(Msg::Apply {
                        cmd: spec
                            .key
                            .parse_value(if el.checked() { on } else { off })
                            .map(|v| Command::Set(spec.key, v)),
                        source: Source::Switch(i),
                    })
                }));
            }
            Control::Choice(spec, select) => {
                let (spec, el) = (*spec, select.clone());
                out.push(on(inner, select, "change", move |_| {
                    Some(Msg::Apply {
                        cmd: spec
                            .key
                            .parse_value(&el.value())
                            .map(|v| Command::Set(spec.key, v)),
                        source: Source::Switch(i),
                    })
                }));
            }
        }
    }
    out
}

/// The page's keys (announced on their buttons with `aria-keyshortcuts`):
/// Space plays or pauses, → steps, R starts the run again, ? lists them. Keys typed into a
/// field, a selector or a button, and keys with a modifier, are left alone.
fn shortcut(ev: &Event) -> Option<Msg> {
    let key = ev.dyn_ref::<KeyboardEvent>()?;
    if key.ctrl_key() || key.meta_key() || key.alt_key() || key.default_prevented() {
        return None;
    }
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    let busy = "input, select, textarea, button, summary, a, dialog, [contenteditable]";
    if target.closest(busy).ok().flatten().is_some() {
        return None;
    }
    let msg = match key.key().as_str() {
        " " | "Spacebar" => Msg::TogglePlaying,
        "ArrowRight" => Msg::Step,
        "r" | "R" => Msg::RestartRun,
        "?" => Msg::ShowKeys,
        _ => return None,
    };
    // Space would scroll the page.
    ev.prevent_default();
    Some(msg)
}

/// The lessons panel: the selector, Restart and the prediction form.
fn lessons<P: Page>(inner: &Rc<P>, out: &mut Vec<Listener>) {
    let Some(p) = &inner.view().lessons else {
        return;
    };
    let select = p.select.clone();
    out.push(on(inner, &p.select, "change", move |_| {
        Some(Msg::OpenLesson(select.value()))
    }));
    // A reader who goes to the selector is about to open a lesson: its
    // texts start coming now.
    out.push(on(inner, &p.select, "focus", |_| {
        Some(Msg::WantLessonTexts)
    }));
    out.push(on(inner, &p.restart, "click", |_| Some(Msg::RestartLesson)));
    out.push(on(inner, &p.run_button, "click", |_| Some(Msg::RunLesson)));
    let weak = Rc::downgrade(inner);
    out.push(on(inner, &p.form, "submit", move |ev| {
        ev.prevent_default();
        let inner = weak.upgrade()?;
        inner.prediction().map(Msg::Check)
    }));
}

/// Share, Embed, CSV and PNG buttons, and the dialogs' Copy buttons.
fn share_buttons<P: Page>(inner: &Rc<P>, out: &mut Vec<Listener>) {
    let sh = &inner.view().share;
    if let Some(b) = &sh.share {
        out.push(on(inner, b, "click", |_| Some(Msg::Share)));
    }
    if let Some(b) = &sh.embed {
        out.push(on(inner, b, "click", |_| Some(Msg::Embed)));
    }
    if let Some(b) = &sh.csv {
        out.push(on(inner, b, "click", |_| Some(Msg::DownloadCsv)));
    }
    for (i, (b, _, _)) in sh.png.iter().enumerate() {
        out.push(on(inner, b, "click", move |_| Some(Msg::DownloadPng(i))));
    }
    if let Some((_, field, b, status)) = &sh.share_dialog {
        let (field, status) = (field.clone(), status.clone());
        out.push(on_action(inner, b, "click", move || {
            share::copy(&field.value(), &field, &status)
        }));
    }
    if let Some(o) = sh.embed_dialog.as_ref().and_then(|d| d.options.as_ref()) {
        let inputs: Vec<EventTarget> = o
            .panels
            .iter()
            .map(|(el, _)| el.clone().into())
            .chain([
                o.lesson.clone().into(),
                o.lang.clone().into(),
                o.compact.clone().into(),
            ])
            .collect();
        for el in inputs {
            let weak = Rc::downgrade(inner);
            out.push(on(inner, &el, "change", move |_| {
                let inner = weak.upgrade()?;
                let o = inner.view().share.embed_dialog.as_ref()?.options.as_ref()?;
                Some(Msg::SetEmbed(embed_choice(o)))
            }));
        }
    }
    if let Some(d) = &sh.embed_dialog {
        for (button, field) in [(&d.copy, &d.code), (&d.script_copy, &d.script)] {
            let (field, status) = (field.clone(), d.status.clone());
            out.push(on_action(inner, button, "click", move || {
                share::copy(&field.value(), &field, &status)
            }));
        }
    }
}

/// The Embed dialog's choices as they stand.
fn embed_choice(o: &share::EmbedOptions) -> EmbedChoice {
    let on = |name: &str| o.panels.iter().any(|(el, n)| *n == name && el.checked());
    let lesson = o.lesson.value();
    EmbedChoice {
        panels: Panels {
            membrane: on("membrane"),
            voltage: on("voltage"),
            concentrations: on("concentrations"),
            currents: on("currents"),
            clamp: on("clamp"),
            sweep: on("sweep"),
        },
        lesson: (!lesson.is_empty()).then_some(lesson),
        lang: Lang::parse(&o.lang.value()),
        compact: o.compact.checked(),
    }
}

/// The sweep panel: opening it, its selectors, its CSV button, and a
/// pointer across its chart (a press, or a move with a button held).
fn sweep<P: Page>(inner: &Rc<P>, out: &mut Vec<Listener>) {
    let Some(p) = &inner.view().sweep else {
        return;
    };
    let details = p.details.clone();
    out.push(on(inner, &p.details, "toggle", move |_| {
        Some(Msg::ShowSweep(details.has_attribute("open")))
    }));
    for select in [&p.key, &p.mode] {
        let (key, mode) = (p.key.clone(), p.mode.clone());
        out.push(on(inner, select, "change", move |_| {
            Some(Msg::SetSweep(crate::view::sweep::choice_of(&key, &mode)))
        }));
    }
    if let Some(b) = &p.csv {
        out.push(on(inner, b, "click", |_| Some(Msg::DownloadSweepCsv)));
    }
    // The keyboard's way along the axis, as on a slider.
    out.push(on(inner, &p.canvas, "keydown", |ev| {
        let key = ev.dyn_ref::<KeyboardEvent>()?;
        let d = match key.key().as_str() {
            "ArrowRight" | "ArrowUp" => 1,
            "ArrowLeft" | "ArrowDown" => -1,
            "PageUp" => 5,
            "PageDown" => -5,
            "Home" => -50,
            "End" => 50,
            _ => return None,
        };
        ev.prevent_default();
        Some(Msg::SweepStep(d))
    }));
    for (kind, held) in [("pointerdown", false), ("pointermove", true)] {
        let plot = p.plot.clone();
        out.push(on(inner, &p.canvas, kind, move |ev| {
            let m = ev.dyn_ref::<web_sys::MouseEvent>()?;
            if held && m.buttons() == 0 {
                return None;
            }
            let x = f64::from(m.offset_x());
            Some(Msg::SweepAlong(crate::view::sweep::along(plot.get(), x)))
        }));
    }
}

/// The tab bar: a tab shows its panel (on a wider screen, goes to it). On a
/// phone the arrow keys, Home and End move between the tabs on offer (the
/// view moves the focus with the choice); wider, the bar is a row of buttons
/// that Tab moves through.
fn tabs<P: Page>(inner: &Rc<P>, out: &mut Vec<Listener>) {
    let Some(t) = &inner.view().tabs else {
        return;
    };
    for (button, tab) in &t.buttons {
        let tab = *tab;
        out.push(on(inner, button, "click", move |_| {
            Some(Msg::ChooseTab(Some(tab)))
        }));
    }
    let buttons = t.buttons.clone();
    out.push(on(inner, &t.bar, "keydown", move |ev| {
        let key = ev.dyn_ref::<KeyboardEvent>()?;
        if key.ctrl_key() || key.meta_key() || key.alt_key() || !crate::view::tabs::phone() {
            return None;
        }
        let from = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.get_attribute("data-tab"))
            .and_then(|n| PanelTab::parse(&n));
        let offered: Vec<PanelTab> = buttons
            .iter()
            .filter(|(b, _)| !b.hidden())
            .map(|(_, t)| *t)
            .collect();
        let to = rpl_ui::tabs::keyed(from, &offered, &key.key())?;
        ev.prevent_default();
        Some(Msg::ChooseTab(Some(to)))
    }));
}

/// The chart panels' controls: log time, the held voltage, the clamp buttons.
fn chart_panels<P: Page>(inner: &Rc<P>, out: &mut Vec<Listener>) {
    let c = inner.view().charts.controls();
    if let Some(cb) = &c.log_time {
        let el = cb.clone();
        out.push(on(inner, cb, "change", move |_| {
            Some(Msg::SetTimeScale(if el.checked() {
                TimeScale::Log
            } else {
                TimeScale::Linear
            }))
        }));
    }
    if let Some(slider) = &c.clamp_slider {
        let el = slider.clone();
        out.push(on(inner, slider, "input", move |_| {
            rpl_model::parse_f64(&el.value()).map(Msg::SetHeldVoltage)
        }));
    }
    if let Some(input) = &c.clamp_input {
        let el = input.clone();
        out.push(on(inner, input, "change", move |_| {
            Some(Msg::TypeHeldVoltage(el.value()))
        }));
    }
    for (button, target) in &c.clamp_buttons {
        let target = *target;
        out.push(on(inner, button, "click", move |_| {
            Some(Msg::ClampTo(target))
        }));
    }
    if let Some(panel) = &c.clamp_panel {
        // Opening the <details> opens the clamp (and draws its chart, skipped
        // while closed); the state keeps it open through other changes.
        let el = panel.clone();
        out.push(on(inner, panel, "toggle", move |_| {
            Some(Msg::ShowClamp(el.has_attribute("open")))
        }));
    }
}
