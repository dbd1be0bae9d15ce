//! The membrane view: a picture of the cell's two compartments and the
//! membrane between them, drawn on a canvas from the model's [`Readouts`].
//!
//! * **Compartments.** The bath (top) and the cell (bottom) hold K⁺ (circles),
//!   Na⁺ (diamonds), Cl⁻ (triangles) and, inside only, the impermeant anions A⁻
//!   (larger grey blobs). Dot density is proportional to concentration: one dot
//!   stands for a number of mM (5 mM unless a concentration is
//!   too high for the space, see [`mm_per_dot`]). The bath's other anions are not
//!   modelled, so none are drawn.
//! * **Membrane.** A lipid bilayer with a K⁺, a Na⁺ and a Cl⁻ leak channel and
//!   the Na⁺/K⁺ pump. Beside each channel an arrow shows that ion's leak flux
//!   (up = out of the cell), beside the pump two arrows show its Na⁺ out and
//!   K⁺ in, and a "net" column shows each ion's net flux (leak + pump), which
//!   is zero at a steady state.
//! * **Voltage-gated channels** (a cell with channels only). Beside the K⁺ and
//!   Na⁺ leak channels, a voltage-gated channel of that ion (outlined dark,
//!   named in the legend): its pore widens and its colour deepens with the
//!   fraction of those channels open (n⁴ for K⁺, m³h for Na⁺), written above
//!   it once 1 % or more are open; its activation gate swings out of the outer
//!   mouth as they open; the Na⁺ channel's inactivation ball plugs the inner
//!   mouth as h falls. The arrow beside the pair then shows the ion's flux
//!   through both. No dots cross them: during a spike their flux is hundreds
//!   of times the leaks', far beyond the leaks' scale factor.
//! * **Crossing dots.** Ions cross at the model's rates times the chosen speed
//!   (model seconds per real second), divided by one visual scale factor,
//!   [`MembraneView::ions_per_dot`], that the legend states. The factor is a
//!   1-2-5 number picked so the busiest path carries about
//!   [`TARGET_DOTS_S`] dots per real second; it is kept while the speed stays the
//!   same (so a flux that dies away is seen to slow down), and picked again when
//!   the speed changes, the run starts again, or a path gets busier than
//!   [`MAX_DOTS_S`]. The pump turns one visual cycle per that many pump cycles,
//!   sending 3 Na⁺ dots out and 2 K⁺ dots in each time; blocked, it stands still.
//! * **Charge layer.** `+` signs on one face and `−` signs on the other, one pair
//!   per [`MV_PER_CHARGE`] mV of |V|, `+` outside while V < 0.
//! * **Reduced motion.** With `prefers-reduced-motion: reduce` nothing moves:
//!   the arrows stay and the fluxes are written as numbers.
//!
//! [`MembraneView`] holds only animation state (crossing dots, pump phase, the
//! scale factor); drawing reads it and the readouts and changes neither. Its
//! randomness comes from a small seeded xorshift, so it is the same on every run.

use std::f64::consts::PI;

use rpl_model::{Ion, Readouts};
pub use rpl_ui::membrane::*;
use rpl_ui::palette::{self, FONT};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};

use crate::platform::dom;
use rpl_ui::format::format_number;

/// The id of the membrane view's `<canvas>` in the page.
pub const CANVAS_ID: &str = "membrane-view";

// The palette's colours as the canvas takes them (the same as the charts').
const K_COLOUR: &str = palette::K.css;
const NA_COLOUR: &str = palette::NA.css;
const CL_COLOUR: &str = palette::CL.css;
const A_COLOUR: &str = palette::IMPERMEANT.css;
const OUTSIDE_BG: &str = palette::OUTSIDE_BG.css;
const INSIDE_BG: &str = palette::INSIDE_BG.css;
const INK: &str = palette::INK.css;
const MUTED: &str = palette::MUTED.css;
const BAND: &str = palette::BAND.css;
const HEAD: &str = palette::HEAD.css;
const HEAD_EDGE: &str = palette::HEAD_EDGE.css;

/// Whether the reader asked for reduced motion (`prefers-reduced-motion: reduce`).
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok())
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Draw `view` on `canvas` (sized for the screen with [`dom::fit_canvas`]).
/// With `reduced_motion` nothing moves: no dots cross, the dots in the
/// compartments stay still, and the fluxes are written as numbers.
pub fn draw(
    view: &MembraneView,
    canvas: &HtmlCanvasElement,
    r: &Readouts,
    reduced_motion: bool,
) -> Result<(), JsValue> {
    draw_hiding(view, canvas, r, reduced_motion, false)
}

/// [`draw`], with the impermeant anions' concentration written "?" when
/// `hide_impermeant` (a lesson that asks for it; the dots still show it).
pub fn draw_hiding(
    view: &MembraneView,
    canvas: &HtmlCanvasElement,
    r: &Readouts,
    reduced_motion: bool,
    hide_impermeant: bool,
) -> Result<(), JsValue> {
    let scale = dom::fit_canvas(canvas);
    draw_at(view, canvas, r, reduced_motion, hide_impermeant, scale)
}

/// [`draw_hiding`] on a canvas of any size (a detached one for a picture
/// file, say), with sizes in CSS pixels multiplied by `scale`: the canvas is
/// taken as `width / scale` by `height / scale` CSS pixels.
pub fn draw_at(
    view: &MembraneView,
    canvas: &HtmlCanvasElement,
    r: &Readouts,
    reduced_motion: bool,
    hide_impermeant: bool,
    scale: f64,
) -> Result<(), JsValue> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("the membrane canvas has no 2D drawing context"))?
        .dyn_into()?;
    let w = f64::from(canvas.width()) / scale;
    let h = f64::from(canvas.height()) / scale;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)?;
    // The font the context still has from the canvas's last drawing (a
    // canvas keeps its context's state until it is resized): setting a font
    // makes the browser parse it, a phone's frame's largest single cost.
    let size = (canvas.id(), canvas.width(), canvas.height());
    let font = LAST_FONT.with(|f| match &*f.borrow() {
        Some((id, w, h, font))
            if !size.0.is_empty() && (id, w, h) == (&size.0, &size.1, &size.2) =>
        {
            font.clone()
        }
        _ => String::new(),
    });
    let painter = Painter {
        ctx: &ctx,
        scale,
        font: std::cell::RefCell::new(font),
        wanted: std::cell::RefCell::new(String::new()),
    };
    let result = paint(
        view,
        canvas,
        &painter,
        (w, h, scale),
        r,
        reduced_motion,
        hide_impermeant,
    );
    ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
    ctx.set_global_alpha(1.0);
    let font = painter.font.into_inner();
    LAST_FONT.with(|f| *f.borrow_mut() = Some((size.0, size.1, size.2, font)));
    result
}

/// Draw the view: the still layer (compartments, captions, bilayer, charges,
/// labels, leak channels, legend), kept between frames while none of it
/// changes ([`crate::view::layer`]), then what moves over it (the dots, the
/// gated channels, the pump, the arrows, the crossing dots). The dots keep
/// clear of the captions, the membrane and the slots, so drawing them over
/// the still layer gives the same picture as drawing them first.
fn paint(
    view: &MembraneView,
    canvas: &HtmlCanvasElement,
    p: &Painter,
    (w, h, scale): (f64, f64, f64),
    r: &Readouts,
    reduced_motion: bool,
    hide_impermeant: bool,
) -> Result<(), JsValue> {
    let n = view.draw_ions_per_dot(r);
    let speed = view.draw_speed();
    let gated = r.gated.as_ref();
    let pump_in_legend = Layout::new(p, w, h, gated.is_some())?.pump_in_legend;
    let legend = Legend::new(p, w, n, reduced_motion, pump_in_legend, gated.is_some())?;
    let lay = Layout::new(p, w, h - legend.height, gated.is_some())?;
    let ctx = p.ctx;

    let outside_cells = lay.cells(false);
    let inside_cells = lay.cells(true);
    let max_out = [r.c_out_mm.k, r.c_out_mm.na, r.c_out_mm.cl]
        .into_iter()
        .fold(0.0, f64::max);
    let max_in = [r.c_in_mm.k, r.c_in_mm.na, r.c_in_mm.cl, r.impermeant_mm]
        .into_iter()
        .fold(0.0, f64::max);
    let mm = mm_per_dot(max_out, outside_cells.len() / 4)
        .max(mm_per_dot(max_in, inside_cells.len() / 4));
    // The captions' numbers and the charges, taken a few times a second
    // while the cell plays (`MembraneView::captions`).
    let cap = view.captions(r);
    let impermeant = if hide_impermeant {
        f64::NAN
    } else {
        cap.impermeant_mm
    };
    let outside_items = [
        (Shape::K, cap.c_out_mm.k),
        (Shape::Na, cap.c_out_mm.na),
        (Shape::Cl, cap.c_out_mm.cl),
    ];
    let inside_items = [
        (Shape::K, cap.c_in_mm.k),
        (Shape::Na, cap.c_in_mm.na),
        (Shape::Cl, cap.c_in_mm.cl),
        (Shape::A, impermeant),
    ];
    let charges = charge_layer(cap.v_mv);
    // The net column's arrows; "= 0" under them (in the still layer: text
    // drawn every frame costs the browser its font again each time) when
    // all are too small to draw.
    let max_arrow = 2.0 * lay.zone;
    let net = &lay.slots[4];
    let net_arrows: Vec<(f64, bool)> = LEAKS
        .into_iter()
        .map(|ion| {
            let flux = finite(r.net_efflux_ions_s.get(ion));
            (
                arrow_length(dots_per_second(flux, speed, n), max_arrow),
                flux > 0.0,
            )
        })
        .collect();
    let all_small = net_arrows.iter().all(|&(len, _)| len < 1.0);

    // A stopped pump (ouabain, or switched off) stands still, with its
    // "off" badge: it goes with the still layer (its text, drawn every
    // frame, would cost a phone the font every frame).
    let pump = &lay.slots[3];
    let cycles = finite(r.pump_cycles_s).max(0.0);
    let running = cycles > 0.0;
    let phase = if reduced_motion {
        0.0
    } else {
        view.pump_phase()
    };

    // The still layer's key: the canvas's size and scale, the language, the
    // captions' numbers as written, the charges, the legend's dot scale, and
    // a stopped pump's phase.
    let still_pump = if running { f64::NAN } else { phase };
    let mut key = crate::view::layer::bits_key(&[w, h, scale, n, mm, still_pump]);
    for (_, c) in outside_items.iter().chain(&inside_items) {
        key.push_str(&caption_number(*c));
        key.push(',');
    }
    key.push_str(&format!(
        "{} {} {} {} {} {all_small}",
        rpl_ui::t!("mem.outside"),
        charges.pairs,
        charges.plus_outside,
        reduced_motion,
        gated.is_some()
    ));
    crate::view::layer::kept(canvas, ctx, scale, key, || {
        // Compartments.
        ctx.set_fill_style_str(OUTSIDE_BG);
        ctx.fill_rect(0.0, 0.0, w, lay.m_top);
        ctx.set_fill_style_str(INSIDE_BG);
        ctx.fill_rect(0.0, lay.m_bot, w, lay.bottom - lay.m_bot);
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, lay.bottom, w, h - lay.bottom);
        // Compartment captions with the concentrations.
        p.caption(
            lay.pad,
            lay.strip / 2.0 + 1.0,
            rpl_ui::t!("mem.outside"),
            &outside_items,
        )?;
        p.caption(
            lay.pad,
            lay.bottom - lay.strip / 2.0,
            rpl_ui::t!("mem.inside"),
            &inside_items,
        )?;
        // The bilayer, then the charge layer on its faces.
        p.bilayer(&lay, w);
        let xs = spread(&lay.free_segments(w), charges.pairs);
        let (y_plus, y_minus) = if charges.plus_outside {
            (lay.m_top - 7.0, lay.m_bot + 7.0)
        } else {
            (lay.m_bot + 7.0, lay.m_top - 7.0)
        };
        for x in xs {
            p.sign(x, y_plus, true);
            p.sign(x, y_minus, false);
        }
        // The slots' names and the leak channels.
        for (slot, ion) in lay.slots.iter().zip(LEAKS) {
            p.label(slot, shape_of(ion).symbol(), colour_of(ion), &lay)?;
            p.channel(slot.leak_x, &lay, colour_of(ion));
        }
        p.label(
            &lay.slots[3],
            rpl_ui::t!("mem.pump"),
            palette::PUMP_EDGE.css,
            &lay,
        )?;
        p.label(net, rpl_ui::t!("mem.net"), MUTED, &lay)?;
        if !running {
            p.pump(pump.body_x, &lay, phase, false)?;
        }
        if all_small {
            p.note(net.centre(), lay.m_bot + 10.0, "= 0")?;
        }
        legend.draw(p, lay.bottom, mm)
    })?;

    // Dots by concentration.
    let wobble = if reduced_motion {
        None
    } else {
        Some(view.clock_s())
    };
    let outside = [r.c_out_mm.k, r.c_out_mm.na, r.c_out_mm.cl, 0.0];
    let inside = [r.c_in_mm.k, r.c_in_mm.na, r.c_in_mm.cl, r.impermeant_mm];
    p.dots(&outside_cells, &outside, mm, wobble);
    p.dots(&inside_cells, &inside, mm, wobble);

    // Gated channels, pump, net column, with their arrows.
    let mut numbers: Vec<(f64, String)> = Vec::new();
    for (slot, ion) in lay.slots.iter().zip(LEAKS) {
        let mut flux = finite(r.leak_efflux_ions_s.get(ion));
        if let (Some(x), Some(g)) = (slot.gated_x, gated) {
            // The arrow beside the pair: the ion's flux through both.
            let (open, efflux, h) = match ion {
                Ion::Na => (g.na_open, g.na_efflux_ions_s, Some(g.h)),
                _ => (g.k_open, g.k_efflux_ions_s, None),
            };
            flux += finite(efflux);
            p.gated_channel(x, &lay, colour_of(ion), finite(open), h.map(finite));
            if open >= 0.005 {
                p.note(x, lay.m_top - 11.0, &format_open(open))?;
            }
        }
        let len = arrow_length(dots_per_second(flux, speed, n), max_arrow);
        p.arrow(slot.arrow_x[0], lay.mid, len, flux > 0.0, colour_of(ion));
        numbers.push((slot.body_x, format_flux(flux)));
    }
    if running {
        p.pump(pump.body_x, &lay, phase, true)?;
    }
    let na_len = arrow_length(dots_per_second(3.0 * cycles, speed, n), max_arrow);
    let k_len = arrow_length(dots_per_second(2.0 * cycles, speed, n), max_arrow);
    p.arrow(pump.arrow_x[0], lay.mid, na_len, true, NA_COLOUR);
    p.arrow(pump.arrow_x[1], lay.mid, k_len, false, K_COLOUR);
    numbers.push((
        pump.centre(),
        if cycles > 0.0 {
            cycles_text(cycles)
        } else {
            rpl_ui::t!("mem.stopped").into()
        },
    ));

    for (k, &(len, outward)) in net_arrows.iter().enumerate() {
        let x = net.arrow_x[k];
        if len >= 1.0 {
            p.arrow(x, lay.mid, len, outward, colour_of(LEAKS[k]));
        }
        p.shape(shape_of(LEAKS[k]), x, lay.mid, 1.0);
    }

    // Crossing dots.
    if !reduced_motion {
        for c in view.crossings() {
            let x = match c.route {
                Route::Leak => lay.slots[leak_index(c.ion)].leak_x,
                Route::Pump if c.outward => pump.body_x - 6.0,
                Route::Pump => pump.body_x + 6.0,
            };
            p.crossing(c, x, &lay);
        }
    } else {
        for (x, text) in numbers {
            p.note(x, lay.mid + lay.zone + 8.0, &text)?;
        }
    }
    Ok(())
}

/// A concentration as a caption writes it ("?" for one the open lesson hides).
fn caption_number(c: f64) -> String {
    if c.is_finite() {
        format_number(c)
    } else {
        "?".into()
    }
}

// ---------------------------------------------------------------- layout

/// One column of the membrane: a channel, the pump or the net column.
#[derive(Debug, Clone)]
struct Slot {
    x0: f64,
    x1: f64,
    label_w: f64,
    body_x: f64,
    body_w: f64,
    arrow_x: Vec<f64>,
    /// The leak channel's centre (the body's, unless a gated channel is beside it).
    leak_x: f64,
    /// The voltage-gated channel's centre, right of the leak channel (K⁺ and
    /// Na⁺ of a cell with channels).
    gated_x: Option<f64>,
}

impl Slot {
    fn centre(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Where everything goes, in CSS pixels.
#[derive(Debug, Clone)]
struct Layout {
    pad: f64,
    /// Width of the canvas.
    width: f64,
    /// Whether the pump is named in the legend (narrow canvas) rather than in the membrane.
    pump_in_legend: bool,
    /// Height of a compartment's caption strip.
    strip: f64,
    m_top: f64,
    m_bot: f64,
    mid: f64,
    /// Bottom of the inside compartment (the legend starts here).
    bottom: f64,
    /// Half-height around the membrane kept clear in each slot (arrows, crossings).
    zone: f64,
    slots: Vec<Slot>,
    sizes: Sizes,
}

const CELL: f64 = 13.0;
const BAND_H: f64 = 28.0;
/// Widths of a leak channel, a voltage-gated channel and an arrow's column;
/// [`COMPACT`] when the membrane is too narrow for these (a phone, with
/// gated channels).
#[derive(Debug, Clone, Copy)]
struct Sizes {
    leak: f64,
    gated: f64,
    arrow: f64,
}

const NORMAL: Sizes = Sizes {
    leak: 16.0,
    gated: 18.0,
    arrow: 11.0,
};
const COMPACT: Sizes = Sizes {
    leak: 12.0,
    gated: 14.0,
    arrow: 8.0,
};
const PUMP_BODY: f64 = 34.0;
/// The gap between a leak channel and the voltage-gated channel beside it.
const PAIR_GAP: f64 = 3.0;

impl Layout {
    fn new(p: &Painter, w: f64, bottom: f64, gated: bool) -> Result<Layout, JsValue> {
        let pad = 8.0;
        let strip = 20.0;
        let mid = (bottom / 2.0).round();
        let m_top = mid - BAND_H / 2.0;
        let m_bot = mid + BAND_H / 2.0;
        let zone = (BAND_H / 2.0 + 30.0).min((mid - strip - 10.0).max(BAND_H / 2.0 + 4.0));
        p.font(&label_font());
        let mut text_w = Vec::new();
        for text in [
            "K⁺",
            "Na⁺",
            "Cl⁻",
            rpl_ui::t!("mem.pump"),
            rpl_ui::t!("mem.net"),
        ] {
            text_w.push(p.measure(text)?);
        }
        let bodies = |z: Sizes| {
            let pair = if gated {
                z.leak + PAIR_GAP + z.gated
            } else {
                z.leak
            };
            [pair, pair, z.leak, PUMP_BODY, 0.0]
        };
        let arrows = [1usize, 1, 1, 2, 3];
        let totals = |widths: &[f64], z: Sizes| -> Vec<f64> {
            let bodies = bodies(z);
            (0..5)
                .map(|k| {
                    let lead = if widths[k] > 0.0 {
                        widths[k] + 4.0
                    } else {
                        0.0
                    };
                    lead + bodies[k] + arrows[k] as f64 * z.arrow + 2.0
                })
                .collect()
        };
        let too_wide = |total: &[f64]| total.iter().sum::<f64>() + 5.0 * 8.0 > w - 2.0 * pad;
        let mut sizes = NORMAL;
        let mut widths: Vec<f64> = text_w.iter().map(|t| t + 12.0).collect();
        let mut total = totals(&widths, sizes);
        if too_wide(&total) {
            // Narrow (a phone): slimmer pills, and the pump is named in the legend instead.
            widths = text_w.iter().map(|t| t + 8.0).collect();
            widths[3] = 0.0;
            total = totals(&widths, sizes);
        }
        if too_wide(&total) {
            // Narrower still (a phone, with gated channels): slimmer channels and arrows.
            sizes = COMPACT;
            total = totals(&widths, sizes);
        }
        let bodies = bodies(sizes);
        let sum: f64 = total.iter().sum();
        let gap = ((w - 2.0 * pad - sum) / 5.0).max(2.0);
        let mut x = pad + gap / 2.0;
        let mut slots = Vec::new();
        for k in 0..5 {
            let lead = if widths[k] > 0.0 {
                widths[k] + 4.0
            } else {
                0.0
            };
            let body_x = x + lead + bodies[k] / 2.0;
            let first_arrow = if bodies[k] > 0.0 {
                body_x + bodies[k] / 2.0 + sizes.arrow / 2.0 + 2.0
            } else {
                x + widths[k] + sizes.arrow / 2.0
            };
            let paired = gated && k < 2;
            let leak_x = if paired {
                body_x - bodies[k] / 2.0 + sizes.leak / 2.0
            } else {
                body_x
            };
            slots.push(Slot {
                x0: x,
                x1: x + total[k],
                label_w: widths[k],
                body_x,
                body_w: bodies[k],
                leak_x,
                gated_x: paired.then(|| body_x + bodies[k] / 2.0 - sizes.gated / 2.0),
                arrow_x: (0..arrows[k])
                    .map(|j| first_arrow + j as f64 * sizes.arrow)
                    .collect(),
            });
            x += total[k] + gap;
        }
        Ok(Layout {
            pad,
            width: w,
            pump_in_legend: widths[3] == 0.0,
            strip,
            m_top,
            m_bot,
            mid,
            bottom,
            zone,
            slots,
            sizes,
        })
    }

    /// Grid cells for dots in one compartment, away from the captions, the
    /// membrane and each slot's clear zone, shuffled the same way every time.
    fn cells(&self, inside: bool) -> Vec<(f64, f64, u32)> {
        let (y0, y1) = if inside {
            (self.m_bot + 13.0, self.bottom - self.strip - 2.0)
        } else {
            (self.strip + 2.0, self.m_top - 13.0)
        };
        let x0 = self.pad;
        let x1 = (self.width - self.pad).max(x0);
        let cols = ((x1 - x0) / CELL).floor().max(0.0) as usize;
        let rows = ((y1 - y0) / CELL).floor().max(0.0) as usize;
        let ox = x0 + ((x1 - x0) - cols as f64 * CELL) / 2.0;
        let mut cells = Vec::with_capacity(cols * rows);
        let mut rng = XorShift::new(if inside { 0x1234_5678 } else { 0x0bad_cafe });
        for row in 0..rows {
            for col in 0..cols {
                let x = ox + (col as f64 + 0.5) * CELL;
                let y = y0 + (row as f64 + 0.5) * CELL;
                let seed = rng.next_u32();
                let blocked = (y - self.mid).abs() < self.zone + CELL * 0.5
                    && self
                        .slots
                        .iter()
                        .any(|s| x > s.x0 - CELL * 0.3 && x < s.x1 + CELL * 0.3);
                if !blocked {
                    cells.push((x, y, seed));
                }
            }
        }
        for i in (1..cells.len()).rev() {
            let j = (rng.next_u32() as usize) % (i + 1);
            cells.swap(i, j);
        }
        cells
    }

    /// Stretches of the membrane with nothing on them (for the charge signs).
    fn free_segments(&self, w: f64) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        let mut x = self.pad;
        for (k, s) in self.slots.iter().enumerate() {
            // Keep clear of the body and arrows; the net column entirely.
            let (a, b) = if k == 4 {
                (s.x0 - 4.0, s.x1 + 4.0)
            } else {
                let first = s.body_x - s.body_w / 2.0 - 5.0;
                let last = s.arrow_x.last().map_or(s.x1, |a| a + 6.0);
                (first, last)
            };
            if a > x {
                out.push((x, a));
            }
            x = x.max(b);
        }
        if w - self.pad > x {
            out.push((x, w - self.pad));
        }
        out
    }
}

/// `n` points spread evenly along the segments (each at the middle of its share).
fn spread(segments: &[(f64, f64)], n: usize) -> Vec<f64> {
    let total: f64 = segments.iter().map(|(a, b)| b - a).sum();
    if n == 0 || total <= 0.0 {
        return Vec::new();
    }
    (0..n)
        .filter_map(|i| {
            let mut d = (i as f64 + 0.5) / n as f64 * total;
            for &(a, b) in segments {
                if d <= b - a {
                    return Some(a + d);
                }
                d -= b - a;
            }
            None
        })
        .collect()
}

fn label_font() -> String {
    format!("600 12px {FONT}")
}

fn text_font() -> String {
    format!("12px {FONT}")
}

// ---------------------------------------------------------------- shapes

/// How each species is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    K,
    Na,
    Cl,
    A,
}

impl Shape {
    const ALL: [Shape; 4] = [Shape::K, Shape::Na, Shape::Cl, Shape::A];

    fn colour(self) -> &'static str {
        match self {
            Shape::K => K_COLOUR,
            Shape::Na => NA_COLOUR,
            Shape::Cl => CL_COLOUR,
            Shape::A => A_COLOUR,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Shape::K => "K⁺",
            Shape::Na => "Na⁺",
            Shape::Cl => "Cl⁻",
            Shape::A => "A⁻",
        }
    }
}

fn shape_of(ion: Ion) -> Shape {
    match ion {
        Ion::K => Shape::K,
        Ion::Na => Shape::Na,
        Ion::Cl => Shape::Cl,
        Ion::Ca => Shape::A,
    }
}

fn colour_of(ion: Ion) -> &'static str {
    shape_of(ion).colour()
}

// ---------------------------------------------------------------- drawing

struct Painter<'a> {
    ctx: &'a CanvasRenderingContext2d,
    /// Device pixels to a unit of `ctx`.
    scale: f64,
    /// The font last set on `ctx`: setting one makes the browser parse a
    /// CSS font string, so it is set only when it changes, and only when
    /// text is drawn or measured in it.
    font: std::cell::RefCell<String>,
    /// The font the next text is in ([`Painter::font`]).
    wanted: std::cell::RefCell<String>,
}

/// How many measured widths [`Painter::measure`] keeps (the membrane's
/// texts in both languages fit; past it the list starts again).
const MEASURED_KEPT: usize = 128;

thread_local! {
    /// The font set last on the membrane canvas's context: (the canvas's id
    /// and size then, the font).
    static LAST_FONT: std::cell::RefCell<Option<(String, u32, u32, String)>> =
        const { std::cell::RefCell::new(None) };
    /// Widths measured: (font, text, width in CSS pixels).
    static MEASURED: std::cell::RefCell<Vec<(String, String, f64)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl Painter<'_> {
    /// The width of `text` in the font set last ([`font`](Self::font)),
    /// remembered: the same labels and legend are measured at every frame,
    /// and each measurement crosses into the browser three times.
    fn measure(&self, text: &str) -> Result<f64, JsValue> {
        let font = self.wanted.borrow().clone();
        let known = MEASURED.with(|m| {
            m.borrow()
                .iter()
                .find(|(f, t, _)| *f == font && t == text)
                .map(|&(_, _, w)| w)
        });
        if let Some(w) = known {
            return Ok(w);
        }
        self.apply_font();
        let w = self.ctx.measure_text(text)?.width();
        MEASURED.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= MEASURED_KEPT {
                m.clear();
            }
            m.push((font, text.to_string(), w));
        });
        Ok(w)
    }

    /// Draw the next text in `font` (set on the context when text is drawn
    /// or measured in it, unless it is the one set last).
    fn font(&self, font: &str) {
        let mut wanted = self.wanted.borrow_mut();
        if *wanted != font {
            *wanted = font.to_string();
        }
    }

    /// Set the wanted font on the context, unless it is set.
    fn apply_font(&self) {
        let wanted = self.wanted.borrow();
        let mut last = self.font.borrow_mut();
        if *last != *wanted {
            self.ctx.set_font(&wanted);
            *last = wanted.clone();
        }
    }

    /// `text` at (x, y) in the wanted font.
    fn fill_text(&self, text: &str, x: f64, y: f64) -> Result<(), JsValue> {
        self.apply_font();
        self.ctx.fill_text(text, x, y)
    }

    /// One species symbol centred at (x, y), `size` 1 = normal.
    fn shape(&self, shape: Shape, x: f64, y: f64, size: f64) {
        let ctx = self.ctx;
        ctx.begin_path();
        match shape {
            Shape::K => {
                let _ = ctx.arc(x, y, 3.9 * size, 0.0, 2.0 * PI);
            }
            Shape::Na => {
                let d = 4.8 * size;
                ctx.move_to(x, y - d);
                ctx.line_to(x + d, y);
                ctx.line_to(x, y + d);
                ctx.line_to(x - d, y);
                ctx.close_path();
            }
            Shape::Cl => {
                let s = 5.0 * size;
                ctx.move_to(x, y - s);
                ctx.line_to(x + s * 0.95, y + s * 0.7);
                ctx.line_to(x - s * 0.95, y + s * 0.7);
                ctx.close_path();
            }
            Shape::A => {
                let _ = ctx.ellipse(x, y, 6.2 * size, 5.2 * size, 0.3, 0.0, 2.0 * PI);
            }
        }
        ctx.set_fill_style_str(shape.colour());
        ctx.fill();
        ctx.set_line_width(1.0);
        ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
        ctx.stroke();
    }

    fn dots(&self, cells: &[(f64, f64, u32)], conc: &[f64; 4], mm: f64, wobble: Option<f64>) {
        let per = (cells.len() / 4).max(1);
        // A⁻ first, so the small ions sit on top.
        for s in [3usize, 0, 1, 2] {
            let count = dot_count(conc[s], mm).min(per);
            for i in 0..count {
                let Some(&(x, y, seed)) = cells.get(i * 4 + s) else {
                    break;
                };
                let jx = (f64::from(seed & 0xff) / 255.0 - 0.5) * 5.0;
                let jy = (f64::from((seed >> 8) & 0xff) / 255.0 - 0.5) * 5.0;
                let (wx, wy) = match wobble {
                    Some(t) => {
                        let f = 0.6 + f64::from((seed >> 16) & 0xff) / 255.0 * 0.8;
                        let ph = f64::from(seed >> 24) / 255.0 * 2.0 * PI;
                        (1.3 * sin(t * f * 2.0 + ph), 1.3 * cos(t * f * 1.7 + ph))
                    }
                    None => (0.0, 0.0),
                };
                self.shape(Shape::ALL[s], x + jx + wx, y + jy + wy, 1.0);
            }
        }
    }

    /// "Inside  ● K⁺ 140  ◆ Na⁺ 15 … mM" on a light backing, vertically centred on `y`.
    fn caption(&self, x: f64, y: f64, title: &str, items: &[(Shape, f64)]) -> Result<(), JsValue> {
        let ctx = self.ctx;
        ctx.set_text_baseline("middle");
        ctx.set_text_align("left");
        let mut runs: Vec<(Option<Shape>, String, bool)> = vec![(None, title.to_string(), true)];
        for (i, &(shape, c)) in items.iter().enumerate() {
            let unit = if i + 1 == items.len() { " mM" } else { "" };
            runs.push((
                Some(shape),
                // A value the open lesson hides reads "?".
                format!("{} {}{unit}", shape.symbol(), caption_number(c)),
                false,
            ));
        }
        let mut widths = Vec::new();
        for (_, text, bold) in &runs {
            self.font(&if *bold { label_font() } else { text_font() });
            widths.push(self.measure(text)?);
        }
        let total: f64 = widths.iter().sum::<f64>() + 22.0 * (runs.len() - 1) as f64;
        ctx.set_fill_style_str("rgba(255,255,255,0.8)");
        rounded_rect(ctx, x - 4.0, y - 9.0, total + 8.0, 18.0, 5.0);
        ctx.fill();
        let mut cx = x;
        for ((shape, text, bold), wdt) in runs.iter().zip(widths) {
            if let Some(s) = shape {
                self.shape(*s, cx + 5.0, y, 0.8);
                cx += 12.0;
            }
            self.font(&if *bold { label_font() } else { text_font() });
            ctx.set_fill_style_str(if *bold { INK } else { MUTED });
            self.fill_text(text, cx, y)?;
            cx += wdt + 10.0;
        }
        Ok(())
    }

    fn bilayer(&self, lay: &Layout, w: f64) {
        let ctx = self.ctx;
        ctx.set_fill_style_str(BAND);
        ctx.fill_rect(0.0, lay.m_top, w, BAND_H);
        // Tails: faint lines between the two leaflets.
        ctx.set_stroke_style_str("rgba(184,145,58,0.35)");
        ctx.set_line_width(1.0);
        let mut x = 3.5;
        while x < w {
            ctx.begin_path();
            ctx.move_to(x - 1.0, lay.m_top + 3.0);
            ctx.line_to(x - 1.0, lay.mid - 2.0);
            ctx.move_to(x + 1.0, lay.m_top + 3.0);
            ctx.line_to(x + 1.0, lay.mid - 2.0);
            ctx.move_to(x - 1.0, lay.mid + 2.0);
            ctx.line_to(x - 1.0, lay.m_bot - 3.0);
            ctx.move_to(x + 1.0, lay.mid + 2.0);
            ctx.line_to(x + 1.0, lay.m_bot - 3.0);
            ctx.stroke();
            x += 7.0;
        }
        // Heads on both faces.
        ctx.set_fill_style_str(HEAD);
        ctx.set_stroke_style_str(HEAD_EDGE);
        ctx.set_line_width(0.8);
        let mut x = 3.5;
        while x < w {
            for y in [lay.m_top + 3.0, lay.m_bot - 3.0] {
                ctx.begin_path();
                let _ = ctx.arc(x, y, 3.2, 0.0, 2.0 * PI);
                ctx.fill();
                ctx.stroke();
            }
            x += 7.0;
        }
    }

    /// A `+` or `−` of the charge layer.
    fn sign(&self, x: f64, y: f64, plus: bool) {
        let ctx = self.ctx;
        ctx.set_stroke_style_str(if plus {
            palette::CHARGE_PLUS.css
        } else {
            palette::CHARGE_MINUS.css
        });
        ctx.set_line_width(2.0);
        ctx.begin_path();
        ctx.move_to(x - 3.5, y);
        ctx.line_to(x + 3.5, y);
        if plus {
            ctx.move_to(x, y - 3.5);
            ctx.line_to(x, y + 3.5);
        }
        ctx.stroke();
    }

    /// A slot's name on a white pill in the membrane, left of its body.
    fn label(&self, slot: &Slot, text: &str, colour: &str, lay: &Layout) -> Result<(), JsValue> {
        let ctx = self.ctx;
        if slot.label_w <= 0.0 {
            return Ok(());
        }
        let w = slot.label_w - 4.0;
        ctx.set_fill_style_str("#ffffff");
        rounded_rect(ctx, slot.x0, lay.mid - 9.0, w, 18.0, 9.0);
        ctx.fill();
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(1.5);
        ctx.stroke();
        self.font(&label_font());
        ctx.set_fill_style_str(INK);
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        self.fill_text(text, slot.x0 + w / 2.0, lay.mid + 0.5)?;
        Ok(())
    }

    /// A leak channel: two subunits around a pore.
    fn channel(&self, x: f64, lay: &Layout, colour: &str) {
        let ctx = self.ctx;
        let half = lay.sizes.leak / 2.0;
        for (a, b) in [(x - half, x - 2.5), (x + 2.5, x + half)] {
            rounded_rect(ctx, a, lay.m_top - 5.0, b - a, BAND_H + 10.0, 2.5);
            ctx.set_fill_style_str("#ffffff");
            ctx.fill();
            ctx.set_global_alpha(0.45);
            ctx.set_fill_style_str(colour);
            ctx.fill();
            ctx.set_global_alpha(1.0);
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(1.5);
            ctx.stroke();
        }
    }

    /// A voltage-gated channel: two subunits whose pore widens with the
    /// fraction `open` of the channels open (shut, they touch), an
    /// activation gate across the outer mouth that swings away as they open,
    /// and for Na⁺ (`h` given) the inactivation ball on its tether, which
    /// plugs the inner mouth as h falls.
    fn gated_channel(&self, x: f64, lay: &Layout, colour: &str, open: f64, h: Option<f64>) {
        let ctx = self.ctx;
        let open = rpl_model::units::clamp(open, 0.0, 1.0);
        let half = lay.sizes.gated / 2.0;
        let pore = (0.8 + 4.2 * open) * lay.sizes.gated / NORMAL.gated;
        let (top, bottom) = (lay.m_top - 7.0, lay.m_bot + 7.0);
        // The open pore, tinted by how many are open.
        ctx.set_global_alpha(0.6 * open);
        ctx.set_fill_style_str(colour);
        ctx.fill_rect(x - pore, top, 2.0 * pore, bottom - top);
        ctx.set_global_alpha(1.0);
        for (a, b) in [(x - half, x - pore), (x + pore, x + half)] {
            rounded_rect(ctx, a, top, b - a, bottom - top, 2.0);
            ctx.set_fill_style_str("#ffffff");
            ctx.fill();
            ctx.set_global_alpha(0.3 + 0.6 * open);
            ctx.set_fill_style_str(colour);
            ctx.fill();
            ctx.set_global_alpha(1.0);
            ctx.set_stroke_style_str(INK);
            ctx.set_line_width(1.2);
            ctx.stroke();
        }
        // The activation gate: hinged on the left subunit's top, across
        // the pore when shut, swung up and out as the channels open.
        let angle = -open * PI * 0.45;
        let (hx, hy) = (x - pore, top + 1.0);
        let len = 2.0 * pore + 3.0;
        ctx.begin_path();
        ctx.move_to(hx, hy);
        ctx.line_to(hx + len * cos(angle), hy + len * sin(angle));
        ctx.set_stroke_style_str(INK);
        ctx.set_line_width(2.0);
        ctx.stroke();
        if let Some(h) = h {
            // The ball: aside on its tether while h ≈ 1, in the inner mouth at h = 0.
            let shut = rpl_model::units::clamp(1.0 - h, 0.0, 1.0);
            let (ax, ay) = (x + half, bottom - 2.0);
            let (bx, by) = (
                x + half + 3.0 - (half + 3.0) * shut,
                bottom + 7.0 - 6.0 * shut,
            );
            ctx.begin_path();
            ctx.move_to(ax, ay);
            ctx.line_to(bx, by);
            ctx.set_line_width(1.0);
            ctx.stroke();
            ctx.begin_path();
            let _ = ctx.arc(bx, by, 3.2, 0.0, 2.0 * PI);
            ctx.set_fill_style_str(INK);
            ctx.fill();
        }
    }

    /// The legend's small voltage-gated channel.
    fn gated_icon(&self, x: f64, y: f64) {
        let ctx = self.ctx;
        for a in [x - 5.0, x + 1.0] {
            rounded_rect(ctx, a, y - 7.0, 4.0, 14.0, 1.5);
            ctx.set_fill_style_str(MUTED);
            ctx.fill();
        }
        ctx.begin_path();
        ctx.move_to(x - 1.0, y - 7.0);
        ctx.line_to(x + 4.0, y - 11.0);
        ctx.set_stroke_style_str(INK);
        ctx.set_line_width(2.0);
        ctx.stroke();
    }

    /// The pump: a body with a rotor carrying 3 Na⁺ and 2 K⁺ that turns with `phase`.
    fn pump(&self, x: f64, lay: &Layout, phase: f64, running: bool) -> Result<(), JsValue> {
        let ctx = self.ctx;
        let half = PUMP_BODY / 2.0;
        rounded_rect(
            ctx,
            x - half,
            lay.m_top - 9.0,
            PUMP_BODY,
            BAND_H + 18.0,
            8.0,
        );
        ctx.set_fill_style_str(if running {
            palette::PUMP_FILL.css
        } else {
            palette::PUMP_STOPPED_FILL.css
        });
        ctx.fill();
        ctx.set_stroke_style_str(if running {
            palette::PUMP_EDGE.css
        } else {
            palette::PUMP_STOPPED_EDGE.css
        });
        ctx.set_line_width(1.5);
        ctx.stroke();
        let r = 10.5;
        ctx.begin_path();
        let _ = ctx.arc(x, lay.mid, r + 4.0, 0.0, 2.0 * PI);
        ctx.set_fill_style_str("#ffffff");
        ctx.fill();
        let turn = phase.fract() * 2.0 * PI;
        let seats = [Shape::Na, Shape::Na, Shape::Na, Shape::K, Shape::K];
        for (i, s) in seats.into_iter().enumerate() {
            let a = turn + i as f64 * 2.0 * PI / 5.0 - PI / 2.0;
            self.shape(s, x + r * cos(a), lay.mid + r * sin(a), 0.72);
        }
        if !running {
            ctx.set_fill_style_str("rgba(27,31,36,0.85)");
            rounded_rect(ctx, x - 14.0, lay.mid - 7.0, 28.0, 14.0, 4.0);
            ctx.fill();
            self.font(&format!("700 10px {FONT}"));
            ctx.set_fill_style_str("#ffffff");
            ctx.set_text_align("center");
            ctx.set_text_baseline("middle");
            self.fill_text(rpl_ui::t!("mem.off"), x, lay.mid + 0.5)?;
        }
        Ok(())
    }

    /// A vertical arrow of length `len` centred on `y`, pointing up (out) or down (in).
    fn arrow(&self, x: f64, y: f64, len: f64, up: bool, colour: &str) {
        if len < 1.0 {
            return;
        }
        let ctx = self.ctx;
        let dir = if up { -1.0 } else { 1.0 };
        let tip = y + dir * len / 2.0;
        let tail = y - dir * len / 2.0;
        let head = 7.0f64.min(len);
        let neck = tip - dir * head;
        let draw = |width_scale: f64| {
            ctx.begin_path();
            ctx.move_to(x - 1.75 * width_scale, tail);
            ctx.line_to(x - 1.75 * width_scale, neck);
            ctx.line_to(x - 4.5 * width_scale, neck);
            ctx.line_to(x, tip);
            ctx.line_to(x + 4.5 * width_scale, neck);
            ctx.line_to(x + 1.75 * width_scale, neck);
            ctx.line_to(x + 1.75 * width_scale, tail);
            ctx.close_path();
        };
        draw(1.0);
        ctx.set_line_width(2.0);
        ctx.set_stroke_style_str("#ffffff");
        ctx.stroke();
        ctx.set_fill_style_str(colour);
        ctx.fill();
    }

    /// A crossing dot at its place along its path.
    fn crossing(&self, c: &Crossing, x: f64, lay: &Layout) {
        let reach = lay.zone + 6.0;
        let f = rpl_model::units::clamp(c.age_s / TRAVEL_S, 0.0, 1.0);
        let (from, to) = if c.outward {
            (lay.mid + reach, lay.mid - reach)
        } else {
            (lay.mid - reach, lay.mid + reach)
        };
        let y = from + (to - from) * f;
        // Straight through the pore, drifting sideways away from it.
        let away = ((y - lay.mid).abs() - BAND_H / 2.0).max(0.0) / (reach - BAND_H / 2.0);
        let dx = c.drift * 7.0 * away;
        let alpha = rpl_model::units::clamp((f / 0.15).min((1.0 - f) / 0.15), 0.0, 1.0);
        self.ctx.set_global_alpha(alpha);
        self.shape(shape_of(c.ion), x + dx, y, 1.1);
        self.ctx.set_global_alpha(1.0);
    }

    /// Small text centred at (x, y) on a white backing, copied from a
    /// picture of its own ([`crate::view::layer::sprite`]): a gated
    /// channel's open fraction is written every frame, and text drawn on
    /// the canvas would cost a phone's frame its font each time.
    fn note(&self, x: f64, y: f64, text: &str) -> Result<(), JsValue> {
        let font = format!("600 11px {FONT}");
        self.font(&font);
        let w = self.measure(text)?;
        let (bx, by, bw, bh) = (x - w / 2.0 - 4.0, y - 8.0, w + 8.0, 16.0);
        let key = format!("note {font} {text}");
        crate::view::layer::sprite(self.ctx, self.scale, (bx, by, bw, bh), &key, |ctx| {
            ctx.set_font(&font);
            ctx.set_fill_style_str("rgba(255,255,255,0.9)");
            rounded_rect(ctx, bx, by, bw, bh, 4.0);
            ctx.fill();
            ctx.set_fill_style_str(INK);
            ctx.set_text_align("center");
            ctx.set_text_baseline("middle");
            ctx.fill_text(text, x, y + 0.5)
        })
    }
}

fn rounded_rect(ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64, r: f64) {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    ctx.begin_path();
    ctx.move_to(x + r, y);
    ctx.line_to(x + w - r, y);
    ctx.quadratic_curve_to(x + w, y, x + w, y + r);
    ctx.line_to(x + w, y + h - r);
    ctx.quadratic_curve_to(x + w, y + h, x + w - r, y + h);
    ctx.line_to(x + r, y + h);
    ctx.quadratic_curve_to(x, y + h, x, y + h - r);
    ctx.line_to(x, y + r);
    ctx.quadratic_curve_to(x, y, x + r, y);
    ctx.close_path();
}

// ---------------------------------------------------------------- legend

/// The key under the picture, laid out in lines that fit the width.
struct Legend {
    lines: Vec<Vec<(LegendItem, f64)>>,
    height: f64,
}

#[derive(Debug, Clone)]
enum LegendItem {
    Species(Shape, &'static str),
    /// The pump's icon and what it does.
    Pump(&'static str),
    Text(String),
    /// The voltage-gated channel's icon and what it is.
    Gated(&'static str),
    /// "1 dot = 5 mM": the number is known only once the compartments are laid out.
    DotScale,
    Charges,
}

const LINE_H: f64 = 18.0;

impl Legend {
    fn new(
        p: &Painter,
        w: f64,
        ions_per_dot: f64,
        reduced_motion: bool,
        pump_in_legend: bool,
        gated: bool,
    ) -> Result<Legend, JsValue> {
        let mut items = vec![
            LegendItem::Species(Shape::K, "K⁺"),
            LegendItem::Species(Shape::Na, "Na⁺"),
            LegendItem::Species(Shape::Cl, "Cl⁻"),
            LegendItem::Species(Shape::A, rpl_ui::t!("mem.impermeant")),
            LegendItem::DotScale,
        ];
        items.push(LegendItem::Text(if reduced_motion {
            rpl_ui::t!("mem.numbers").into()
        } else {
            moving_dot_text(ions_per_dot)
        }));
        items.push(LegendItem::Pump(if pump_in_legend {
            rpl_ui::t!("mem.pump-legend")
        } else {
            rpl_ui::t!("mem.pump-legend-short")
        }));
        if gated {
            items.push(LegendItem::Gated(rpl_ui::t!("mem.gated-legend")));
        }
        items.push(LegendItem::Charges);
        p.font(&text_font());
        let mut lines: Vec<Vec<(LegendItem, f64)>> = vec![Vec::new()];
        let mut x = 0.0;
        let avail = w - 16.0;
        for item in items {
            let width = match &item {
                LegendItem::Species(_, t) => 14.0 + p.measure(t)?,
                LegendItem::Pump(t) | LegendItem::Gated(t) => 16.0 + p.measure(t)?,
                // Room for the widest the dot scale gets in practice.
                LegendItem::DotScale => p.measure(&rpl_ui::tf!("mem.dot", &[("n", "100")]))?,
                LegendItem::Text(t) => p.measure(t)?,
                LegendItem::Charges => 30.0 + p.measure(rpl_ui::t!("mem.per-10mv"))?,
            };
            let gap = if x > 0.0 { 14.0 } else { 0.0 };
            if x > 0.0 && x + gap + width > avail {
                lines.push(Vec::new());
                x = 0.0;
            }
            let gap = if x > 0.0 { 14.0 } else { 0.0 };
            x += gap + width;
            if let Some(line) = lines.last_mut() {
                line.push((item, width));
            }
        }
        let height = lines.len() as f64 * LINE_H + 10.0;
        Ok(Legend { lines, height })
    }

    fn draw(&self, p: &Painter, top: f64, mm_per_dot: f64) -> Result<(), JsValue> {
        let ctx = p.ctx;
        ctx.set_stroke_style_str("#d9dee3");
        ctx.set_line_width(1.0);
        ctx.begin_path();
        ctx.move_to(0.0, top + 0.5);
        ctx.line_to(f64::from(u16::MAX), top + 0.5);
        ctx.stroke();
        p.font(&text_font());
        ctx.set_text_baseline("middle");
        ctx.set_text_align("left");
        for (row, line) in self.lines.iter().enumerate() {
            let y = top + 5.0 + LINE_H * (row as f64 + 0.5);
            let mut x = 8.0;
            for (item, width) in line {
                ctx.set_fill_style_str(MUTED);
                match item {
                    LegendItem::Species(s, t) => {
                        p.shape(*s, x + 5.0, y, 0.9);
                        p.font(&text_font());
                        ctx.set_fill_style_str(INK);
                        p.fill_text(t, x + 14.0, y)?;
                    }
                    LegendItem::Pump(t) => {
                        rounded_rect(ctx, x + 1.0, y - 7.0, 10.0, 14.0, 3.0);
                        ctx.set_fill_style_str(palette::PUMP_FILL.css);
                        ctx.fill();
                        ctx.set_stroke_style_str(palette::PUMP_EDGE.css);
                        ctx.set_line_width(1.2);
                        ctx.stroke();
                        ctx.set_fill_style_str(MUTED);
                        p.fill_text(t, x + 16.0, y)?;
                    }
                    LegendItem::Gated(t) => {
                        p.gated_icon(x + 6.0, y);
                        ctx.set_fill_style_str(MUTED);
                        p.fill_text(t, x + 16.0, y)?;
                    }
                    LegendItem::DotScale => {
                        p.fill_text(
                            &rpl_ui::tf!("mem.dot", &[("n", &format_number(mm_per_dot))]),
                            x,
                            y,
                        )?;
                    }
                    LegendItem::Text(t) => p.fill_text(t, x, y)?,
                    LegendItem::Charges => {
                        p.sign(x + 4.0, y, true);
                        p.sign(x + 16.0, y, false);
                        ctx.set_fill_style_str(MUTED);
                        p.fill_text(rpl_ui::t!("mem.per-10mv"), x + 26.0, y)?;
                    }
                }
                x += width + 14.0;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- in the page

/// The membrane view's canvas in the page (`#membrane-view`).
pub struct MembranePanel {
    /// The canvas.
    pub canvas: HtmlCanvasElement,
    /// `(prefers-reduced-motion: reduce)`, parsed once: its `matches` is
    /// read each frame (it follows the reader's setting).
    reduced_motion: Option<web_sys::MediaQueryList>,
}

impl MembranePanel {
    /// The panel on the `<canvas id="membrane-view">` inside `root`, or `None`
    /// when the page has no such canvas (the rest of the app works without it).
    pub fn find(root: &Element) -> Option<MembranePanel> {
        let canvas: HtmlCanvasElement = dom::find(root, CANVAS_ID).ok()?;
        let reduced_motion = web_sys::window()
            .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok())
            .flatten();
        Some(MembranePanel {
            canvas,
            reduced_motion,
        })
    }

    /// Draw `view`, honouring the reader's reduced-motion setting, and keep
    /// the canvas's text alternative up to date.
    pub fn draw(
        &self,
        view: &MembraneView,
        r: &Readouts,
        hide_impermeant: bool,
    ) -> Result<(), JsValue> {
        draw_hiding(
            view,
            &self.canvas,
            r,
            self.reduced_motion.as_ref().is_some_and(|m| m.matches()),
            hide_impermeant,
        )?;
        let text = if hide_impermeant {
            describe(&Readouts {
                impermeant_mm: f64::NAN,
                ..r.clone()
            })
        } else {
            describe(r)
        };
        if self.canvas.get_attribute("aria-label").as_deref() != Some(text.as_str()) {
            self.canvas.set_attribute("aria-label", &text)?;
        }
        Ok(())
    }
}

/// The browser's own `Math.sin` (the only trigonometry of the page, for the
/// dots' wobble and the pump's turn): Rust's `f64::sin` would bring 7 KB of
/// argument reduction into the wasm for these drawing angles.
fn sin(x: f64) -> f64 {
    js_sys::Math::sin(x)
}

/// The browser's own `Math.cos` (see [`sin`]).
fn cos(x: f64) -> f64 {
    js_sys::Math::cos(x)
}
