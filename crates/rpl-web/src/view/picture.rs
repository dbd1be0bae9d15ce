//! A chart as a picture file: the PNG buttons' image is composed here, not
//! copied from the page. The chart is drawn afresh from the state, by the
//! same drawing code as the page's, on a detached canvas of a fixed size
//! (so a chart whose panel is closed or hidden, which the page does not
//! draw, comes out whole, and every picture is the same size on any
//! screen), under a title (the chart's name in the page's language) and
//! above a caption with the scenario ([`rpl_ui::picture`]: the preset, what
//! differs from it, the model time and V).

use rpl_model::decimal::Plain;
use rpl_ui::palette::{self, FONT};
use rpl_ui::state::AppState;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::platform::dom;
use crate::view::chart_panels;
use crate::view::membrane;

/// Width of every picture, CSS pixels (times [`SCALE`] in the file).
pub const WIDTH_CSS: f64 = 800.0;
/// Pixels of the file per CSS pixel: 800 CSS px wide make a 1200 px image.
pub const SCALE: f64 = 1.5;
/// Width of every picture file, px.
pub const WIDTH_PX: u32 = (WIDTH_CSS * SCALE) as u32;

const MARGIN: f64 = 16.0;
const TITLE_PX: f64 = 20.0;
const SUBTITLE_PX: f64 = 12.0;
const CAPTION_PX: f64 = 13.0;
const LINE: f64 = 1.4;

/// The chart's own height in CSS pixels, by the id of its canvas.
pub fn chart_height_css(id: &str) -> f64 {
    match id {
        membrane::CANVAS_ID => 420.0,
        chart_panels::ids::CURRENTS_CHART => 360.0,
        chart_panels::ids::CONC_CHART => 340.0,
        _ => 400.0,
    }
}

fn canvas_2d(w: u32, h: u32) -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), JsValue> {
    let canvas: HtmlCanvasElement = dom::document()?.create_element("canvas")?.dyn_into()?;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("a picture canvas has no 2D drawing context"))?
        .dyn_into()?;
    Ok((canvas, ctx))
}

/// Draw the chart on the canvas with the id `id` for the state `s`, on a
/// detached canvas [`WIDTH_PX`] wide (`None`: no such chart).
pub fn chart(id: &str, s: &AppState) -> Result<Option<HtmlCanvasElement>, JsValue> {
    let h = (chart_height_css(id) * SCALE).round() as u32;
    let (canvas, _) = canvas_2d(WIDTH_PX, h)?;
    if id == membrane::CANVAS_ID {
        membrane::draw_at(
            &s.membrane,
            &canvas,
            &s.readouts,
            membrane::prefers_reduced_motion(),
            s.hides(rpl_lessons::Hidden::Impermeant),
            SCALE,
        )?;
        return Ok(Some(canvas));
    }
    Ok(chart_panels::draw_chart(id, &canvas, s, SCALE)?.then_some(canvas))
}

/// `text` cut into lines no wider than `width` px in the context's present
/// font: at spaces where there are any, else (Chinese) between characters.
pub fn wrap(ctx: &CanvasRenderingContext2d, text: &str, width: f64) -> Vec<String> {
    let fits = |s: &str| ctx.measure_text(s).map_or(true, |m| m.width() <= width);
    let mut lines = Vec::new();
    let mut line = String::new();
    for ch in text.chars() {
        line.push(ch);
        if fits(&line) {
            continue;
        }
        // Too wide: break at the last space, or before this character.
        let cut = line
            .char_indices()
            .rev()
            .find(|&(i, c)| c == ' ' && i > 0)
            .map(|(i, _)| i);
        let rest = match cut {
            Some(i) => {
                let rest = line.get(i + 1..).unwrap_or("").to_string();
                line.truncate(i);
                rest
            }
            None => line.pop().map(String::from).unwrap_or_default(),
        };
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line = rest;
    }
    if !line.trim().is_empty() {
        lines.push(line);
    }
    lines
}

fn font(px: f64, bold: bool) -> String {
    let weight = if bold { "600" } else { "normal" };
    format!("{weight} {}px {FONT}", Plain(px * SCALE))
}

/// The picture of the chart on the canvas `id` (its file name `name`, the
/// `data-png` of the canvas) as the state `s` shows it: title, chart,
/// caption, on white. `None` for a canvas that is not a chart.
pub fn compose(id: &str, name: &str, s: &AppState) -> Result<Option<HtmlCanvasElement>, JsValue> {
    let Some(chart) = chart(id, s)? else {
        return Ok(None);
    };
    let title = rpl_ui::picture::title(name);
    let caption = rpl_ui::picture::caption(s);
    let w = f64::from(WIDTH_PX);
    let margin = MARGIN * SCALE;
    let text_w = w - 2.0 * margin;
    // Measure first (the lines wrap), then size the canvas, then draw.
    let (_, probe) = canvas_2d(1, 1)?;
    probe.set_font(&font(TITLE_PX, true));
    let title_lines = wrap(&probe, &title, text_w);
    probe.set_font(&font(CAPTION_PX, false));
    let caption_lines: Vec<String> = caption
        .iter()
        .flat_map(|l| wrap(&probe, l, text_w))
        .collect();
    let title_h = TITLE_PX * SCALE * LINE;
    let sub_h = SUBTITLE_PX * SCALE * LINE;
    let caption_h = CAPTION_PX * SCALE * LINE;
    let top = margin + title_h * title_lines.len() as f64 + sub_h + margin * 0.5;
    let bottom = margin * 0.75 + caption_h * caption_lines.len() as f64 + margin;
    let h = (top + f64::from(chart.height()) + bottom).ceil();
    let (out, ctx) = canvas_2d(WIDTH_PX, h as u32)?;
    ctx.set_fill_style_str(palette::BACKGROUND.css);
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_text_baseline("top");
    ctx.set_text_align("left");
    let mut y = margin;
    ctx.set_fill_style_str(palette::INK.css);
    ctx.set_font(&font(TITLE_PX, true));
    for line in &title_lines {
        ctx.fill_text(line, margin, y)?;
        y += title_h;
    }
    ctx.set_fill_style_str(palette::MUTED.css);
    ctx.set_font(&font(SUBTITLE_PX, false));
    ctx.fill_text(rpl_ui::t!("page.title"), margin, y)?;
    ctx.draw_image_with_html_canvas_element(&chart, 0.0, top)?;
    let mut y = top + f64::from(chart.height()) + margin * 0.75;
    ctx.set_stroke_style_str(palette::GRID.css);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(margin, y - margin * 0.4);
    ctx.line_to(w - margin, y - margin * 0.4);
    ctx.stroke();
    ctx.set_fill_style_str(palette::INK.css);
    ctx.set_font(&font(CAPTION_PX, false));
    for line in &caption_lines {
        ctx.fill_text(line, margin, y)?;
        y += caption_h;
    }
    Ok(Some(out))
}
