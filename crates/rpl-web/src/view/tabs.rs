//! On a phone the panels below the stage fold into tabs (see
//! [`rpl_ui::tabs`]): the tab bar shows the tabs on offer, the chosen one
//! selected, and every other tab's panel is marked `tab-off`, which the style
//! sheet hides only below [`PHONE`]. Wider screens show every panel, one
//! under another beside the stage, and the same bar is a row of buttons that
//! go to them ("Go to: Parameters, Currents, …, Sweep"): a chosen one's panel
//! is opened if it is a `<details>` and brought to the top of the window, and
//! the keyboard's focus goes into it. The sweep and the clamp, last in that
//! column, are then one click from the first screen.
//!
//! Two elements move on a phone so that the page's order (and so the
//! keyboard's) is the order on screen: the cell's menu goes to the top of the
//! parameters' tab, and sharing goes after the last panel. They come back
//! when the window widens.

use std::cell::RefCell;

use rpl_ui::state::AppState;
use rpl_ui::tabs::PanelTab;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::platform::dom;

/// The media query under which the page is laid out for a phone, with tabs.
pub const PHONE: &str = "(max-width: 819px)";

/// The id of the tab bar.
pub const BAR_ID: &str = "panel-tabs";

/// What the bar last showed: the tabs offered, the one shown, whether the
/// page had the phone's layout.
type Shown = (Vec<PanelTab>, Option<PanelTab>, bool);

/// An element with two places: its own, and one on a phone.
struct Mover {
    el: Element,
    home: (web_sys::Node, Option<web_sys::Node>),
    /// On a phone: into this parent, before its first child (`true`) or
    /// after this element (`false`).
    phone: (Element, bool),
}

impl Mover {
    fn new(el: Option<Element>, phone: Option<Element>, first: bool) -> Option<Mover> {
        let el = el?;
        let home = (el.parent_node()?, el.next_sibling());
        Some(Mover {
            el,
            home,
            phone: (phone?, first),
        })
    }

    fn place(&self, phone: bool) -> Result<(), JsValue> {
        if phone {
            let (at, first) = &self.phone;
            if *first {
                at.insert_before(&self.el, at.first_child().as_ref())?;
            } else if let Some(parent) = at.parent_node() {
                parent.insert_before(&self.el, at.next_sibling().as_ref())?;
            }
        } else {
            self.home.0.insert_before(&self.el, self.home.1.as_ref())?;
        }
        Ok(())
    }
}

/// The tab bar and the panels it switches.
pub struct Tabs {
    /// The tab bar (`role=tablist`).
    pub bar: HtmlElement,
    /// Each tab's button.
    pub buttons: Vec<(HtmlElement, PanelTab)>,
    /// Each tab's panel.
    panels: Vec<(HtmlElement, PanelTab)>,
    /// The cell's menu and sharing, moved on a phone.
    movers: Vec<Mover>,
    /// What was last written.
    written: RefCell<Option<Shown>>,
    /// The reader's choices of a tab already acted on ([`AppState::tab_choices`]).
    choices: std::cell::Cell<u64>,
}

fn tagged(root: &Element, attr: &str) -> Result<Vec<(HtmlElement, PanelTab)>, JsValue> {
    let list = root.query_selector_all(&format!("[{attr}]"))?;
    let mut out = Vec::new();
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        if let Some(tab) = el.get_attribute(attr).as_deref().and_then(PanelTab::parse) {
            out.push((el, tab));
        }
    }
    Ok(out)
}

/// Whether the window is laid out for a phone.
pub fn phone() -> bool {
    dom::window()
        .ok()
        .and_then(|w| w.match_media(PHONE).ok().flatten())
        .is_some_and(|m| m.matches())
}

impl Tabs {
    /// The tab bar inside `root`, if the page has one.
    pub fn find(root: &Element) -> Result<Option<Tabs>, JsValue> {
        let Some(bar) = root
            .query_selector(&format!("#{BAR_ID}"))?
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        else {
            return Ok(None);
        };
        let q = |sel: &str| root.query_selector(sel).ok().flatten();
        let movers = [
            Mover::new(q(".control-preset"), q("#param-controls"), true),
            Mover::new(q(".share-bar"), q("#clamp-panel"), false),
        ]
        .into_iter()
        .flatten()
        .collect();
        Ok(Some(Tabs {
            buttons: tagged(&bar, "data-tab")?,
            panels: tagged(root, "data-tab-panel")?,
            movers,
            bar,
            written: RefCell::new(None),
            choices: std::cell::Cell::new(0),
        }))
    }

    /// Show the tabs on offer and the chosen tab's panel; on a phone, a
    /// focused tab follows the choice (the arrow keys move the selection).
    pub fn render(&self, s: &AppState) -> Result<(), JsValue> {
        let offered = s.tabs();
        let shown = s.shown_tab();
        let phone = phone();
        if self.choices.replace(s.tab_choices) != s.tab_choices && !phone {
            self.go_to(shown)?;
        }
        let key = (offered.clone(), shown, phone);
        if self.written.borrow().as_ref() == Some(&key) {
            return Ok(());
        }
        // On a phone a tab list; wider, plain buttons after "Go to:".
        if phone {
            self.bar.set_attribute("role", "tablist")?;
        } else {
            self.bar.remove_attribute("role")?;
        }
        // The tab that takes the keyboard's focus: the shown one, or the first.
        let focusable = shown.or(offered.first().copied());
        for (b, tab) in &self.buttons {
            dom::set_visible(b, offered.contains(tab));
            if phone {
                let selected = shown == Some(*tab);
                b.set_attribute("role", "tab")?;
                b.set_attribute("aria-selected", if selected { "true" } else { "false" })?;
                b.set_tab_index(if focusable == Some(*tab) { 0 } else { -1 });
            } else {
                b.remove_attribute("role")?;
                b.remove_attribute("aria-selected")?;
                b.set_tab_index(0);
            }
        }
        for (p, tab) in &self.panels {
            let off = shown != Some(*tab);
            p.class_list().toggle_with_force("tab-off", off)?;
            // A <details> keeps its own role (ARIA allows it no other); the
            // tab still names it in aria-controls.
            if phone && p.tag_name() != "DETAILS" {
                p.set_attribute("role", "tabpanel")?;
                p.set_attribute("aria-labelledby", &format!("tab-{}", tab.name()))?;
            } else {
                p.remove_attribute("role")?;
                p.remove_attribute("aria-labelledby")?;
            }
        }
        if self.written.borrow().as_ref().map(|w| w.2) != Some(phone) {
            for m in &self.movers {
                m.place(phone)?;
            }
        }
        let focused = dom::document()?.active_element();
        if let Some(f) = focused.filter(|f| self.bar.contains(Some(f))) {
            let want = self.buttons.iter().find(|(_, t)| Some(*t) == shown);
            if let Some((b, _)) = want {
                if !f.is_same_node(Some(b)) {
                    b.focus()?;
                }
            }
        }
        *self.written.borrow_mut() = Some(key);
        Ok(())
    }

    /// On a wider screen: bring `tab`'s panel to the top of the window and
    /// the keyboard's focus into it (a `<details>`, which the state has
    /// opened, by its summary).
    fn go_to(&self, tab: Option<PanelTab>) -> Result<(), JsValue> {
        let Some((panel, _)) = self.panels.iter().find(|(_, t)| Some(*t) == tab) else {
            return Ok(());
        };
        if panel.tag_name() == "DETAILS" && !panel.has_attribute("open") {
            panel.set_attribute("open", "")?;
        }
        panel.scroll_into_view_with_bool(true);
        let target = if panel.tag_name() == "DETAILS" {
            panel
                .query_selector("summary")?
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        } else {
            if !panel.has_attribute("tabindex") {
                panel.set_tab_index(-1);
            }
            Some(panel.clone())
        };
        if let Some(t) = target {
            t.focus()?;
        }
        Ok(())
    }
}
