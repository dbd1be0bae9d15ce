//! The page's two languages, in the browser: the table, the present language
//! and the lookups live in [`rpl_ui::i18n`] (re-exported here); this module
//! fills `index.html`'s `data-i18n*` attributes ([`apply`]), reads the
//! browser's languages, and words model errors in either language.
//!
//! * [`model_error`] words a [`ModelError`] (whose `Display` is English) in
//!   either language by matching its variant and fields.

use rpl_model::ModelError;
pub use rpl_ui::i18n::*;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// Fill every element under `root` that carries one of [`ATTRIBUTES`] with
/// its text in `lang`.
pub fn apply(root: &Element, lang: Lang) -> Result<(), JsValue> {
    for (attr, target) in ATTRIBUTES {
        let list = root.query_selector_all(&format!("[{attr}]"))?;
        for i in 0..list.length() {
            let Some(el) = list
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
            else {
                continue;
            };
            let Some(key) = el.get_attribute(attr) else {
                continue;
            };
            let text = tr(&key, lang);
            match target {
                None => crate::dom::set_text(&el, text),
                Some(a) => el.set_attribute(a, text)?,
            }
        }
    }
    Ok(())
}

/// The browser's preferred languages (`navigator.languages`), best first.
pub fn browser_languages() -> Vec<String> {
    let Some(w) = web_sys::window() else {
        return Vec::new();
    };
    let nav = w.navigator();
    let mut out: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if out.is_empty() {
        out.extend(nav.language());
    }
    out
}

/// A number as the model error's `Display` writes it, but with a real minus sign.
fn plain_number(v: f64) -> String {
    let s = format!("{v}");
    match s.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

/// A field name for a reader: in Chinese, the control's label with the key
/// in brackets (`细胞外 K⁺（K_o）`); in English, the key as the model names it.
fn field_name(field: &str, lang: Lang) -> String {
    match lang {
        Lang::En => field.to_string(),
        Lang::Zh => {
            let label = crate::controls::SPECS
                .iter()
                .find(|s| s.key == field)
                .map(|s| tr(&format!("control.{}", s.id), Lang::Zh).to_string());
            match label {
                Some(l) => format!("{l}（{field}）"),
                None => field.to_string(),
            }
        }
    }
}

/// Split "`lo` and at most `hi` `unit`" style tails: returns (lo, hi, unit).
fn bounds(text: &str, joiner: &str) -> Option<(String, String, String)> {
    let (lo, rest) = text.split_once(joiner)?;
    let rest = rest.trim();
    let (hi, unit) = match rest.split_once(' ') {
        Some((hi, unit)) => (hi, unit.trim()),
        None => (rest, ""),
    };
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .map(plain_number)
            .unwrap_or_else(|| s.trim().to_string())
    };
    Some((num(lo), num(hi), unit.to_string()))
}

/// The "allowed" part of an out-of-range error in `lang`.
fn allowed_text(allowed: &str, lang: Lang) -> String {
    let with_unit = |key: &str, lo: &str, hi: &str, unit: &str| {
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        fill(tr(key, lang), &[("lo", lo), ("hi", hi), ("unit", &unit)])
    };
    if let Some(rest) = allowed.strip_prefix("a finite number greater than ") {
        if let Some((lo, hi, unit)) = bounds(rest, " and at most ") {
            return with_unit("err.allowed.open", &lo, &hi, &unit);
        }
    }
    if let Some(rest) = allowed.strip_prefix("a finite number at least ") {
        if let Some((lo, hi, unit)) = bounds(rest, " and at most ") {
            return with_unit("err.allowed.closed", &lo, &hi, &unit);
        }
    }
    if let Some(rest) = allowed.strip_prefix("a finite number from ") {
        if let Some((lo, hi, unit)) = bounds(rest, " to ") {
            return with_unit("err.allowed.from-to", &lo, &hi, &unit);
        }
    }
    if allowed == "a finite number" {
        return tr("err.allowed.finite", lang).to_string();
    }
    if let Some(rest) = allowed.strip_prefix("one of the choices 1 to ") {
        let (n, tail) = match rest.split_once(',') {
            Some((n, _)) => (n, tr("err.allowed.not-number", lang)),
            None => (rest, ""),
        };
        return format!(
            "{}{tail}",
            fill(tr("err.allowed.choice", lang), &[("n", n.trim())])
        );
    }
    if lang == Lang::En {
        return allowed.to_string();
    }
    fill(tr("err.allowed.other", lang), &[("allowed", allowed)])
}

/// The text of a not-a-number error. The model puts extra advice after the
/// reader's text as `TEXT" (advice)`; the advice is translated when known.
fn nan_text(field: &str, text: &str, lang: Lang) -> String {
    let (given, advice) = match text.split_once("\" (") {
        Some((g, a)) => (g, Some(a.trim_end_matches(')'))),
        None => (text, None),
    };
    let mut s = fill(
        tr("err.nan", lang),
        &[("field", &field_name(field, lang)), ("text", given)],
    );
    if let Some(a) = advice {
        let words = if let Some(rest) = a.strip_prefix("choose 1 to ") {
            match rest.split_once(" or A to ") {
                Some((n, letter)) => fill(
                    tr("err.choose", lang),
                    &[("n", n.trim()), ("letter", letter.trim())],
                ),
                None => a.to_string(),
            }
        } else if let Some(unit) = a.strip_prefix("this question wants a number in ") {
            fill(tr("err.wants-number", lang), &[("unit", unit.trim())])
        } else if let Some(w) = a.strip_prefix("allowed: ") {
            let w = if lang == Lang::Zh {
                w.replace(" or ", " 或 ")
            } else {
                w.to_string()
            };
            fill(tr("err.allowed-words", lang), &[("words", &w)])
        } else {
            a.to_string()
        };
        match lang {
            Lang::En => s.push_str(&format!(" ({words})")),
            Lang::Zh => s.push_str(&format!("（{words}）")),
        }
    }
    s
}

/// A model error in `lang`. English gives the model's own words.
pub fn model_error(e: &ModelError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ModelError::OutOfRange {
            field,
            value,
            allowed,
        } => fill(
            tr("err.range", lang),
            &[
                ("field", &field_name(field, lang)),
                ("value", &plain_number(*value)),
                ("allowed", &allowed_text(allowed, lang)),
            ],
        ),
        ModelError::NotANumber { field, text } => nan_text(field, text, lang),
        ModelError::UnknownField { field, known } => fill(
            tr("err.unknown-field", lang),
            &[("field", field), ("known", known)],
        ),
        ModelError::UnknownPreset { name } => fill(
            tr("err.unknown-preset", lang),
            &[
                ("name", name),
                ("known", &rpl_model::PRESET_NAMES.join("、")),
            ],
        ),
        ModelError::Malformed { message } => {
            fill(tr("err.malformed", lang), &[("message", message)])
        }
        ModelError::NoImpermeantAnions { permeant_charge_mm } => fill(
            tr("err.no-anions", lang),
            &[("charge", &rpl_lessons::text::number(*permeant_charge_mm, 3))],
        ),
        ModelError::NoPermeantIon => tr("err.no-permeant", lang).to_string(),
        ModelError::NoConvergence { what, detail } => fill(
            tr("err.no-convergence", lang),
            &[("what", what), ("detail", detail)],
        ),
    }
}

/// A model error in the page's present language.
pub fn error_text(e: &ModelError) -> String {
    model_error(e, lang())
}
