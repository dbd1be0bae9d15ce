//! The ion table and the counters under it: for each ion its inside and
//! outside concentration, its Nernst potential E and its driving force V − E;
//! how many ions have crossed since the last start or change, as a count and
//! as a fraction of the cell's content; the pump's cycles and ATP per second;
//! and the charge on the membrane (C·V, in elementary charges and as a
//! fraction of the cell's K⁺).
//!
//! The formatting functions are pure (numbers in, text out) so they can be
//! tested on their own. [`IonPanel`] writes the text into the page and only
//! touches an element whose text actually changed.

use rpl_model::{Ion, Readouts, VolumeMode};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

use crate::platform::dom;
use crate::view::i18n::{self, tf};
pub use rpl_ui::format::{
    charge_text, format_count, format_mv, format_number, format_number_1, format_percent,
    format_signed_mv, moved_text, pump_text, superscript,
};

/// The id of the element the panel is built in.
pub const CONTAINER_ID: &str = "ion-readouts";

/// "Volume: 1.04 × start (swelling cell)".
pub fn volume_text(volume_rel: f64, mode: VolumeMode) -> String {
    match mode {
        VolumeMode::Rigid => i18n::t("ions.volume-rigid").into(),
        VolumeMode::Swelling => tf("ions.volume-swelling", &[("n", &format_number(volume_rel))]),
    }
}

/// One ion's row of the table: inside, outside, E, V − E.
/// The unit of E and V − E is in the column heading.
pub fn ion_row(r: &Readouts, ion: Ion) -> [String; 4] {
    let signed = format_signed_mv(r.driving_force_mv.get(ion));
    [
        format_number(r.c_in_mm.get(ion)),
        format_number(r.c_out_mm.get(ion)),
        format_number_1(r.e_mv.get(ion)),
        signed.trim_end_matches(" mV").to_string(),
    ]
}

/// The table and the counters, built in the page.
pub struct IonPanel {
    cells: Vec<[HtmlElement; 4]>,
    moved: Vec<HtmlElement>,
    pump: HtmlElement,
    charge: HtmlElement,
    volume: HtmlElement,
}

fn make(doc: &Document, tag: &str, class: &str, text: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc
        .create_element(tag)?
        .dyn_into()
        .map_err(|_| JsValue::from_str("an element has an unexpected type"))?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

impl IonPanel {
    /// Build the panel inside `container` (its content is replaced).
    pub fn build(container: &Element) -> Result<IonPanel, JsValue> {
        let doc = dom::document()?;
        container.set_inner_html("");
        let heading = make(&doc, "h2", "", i18n::t("ions.heading"))?;
        heading.set_attribute("data-i18n", "ions.heading")?;
        container.append_child(&heading)?;
        let wrap = make(&doc, "div", "table-wrap", "")?;
        let table = make(&doc, "table", "ion-table", "")?;
        let caption = make(&doc, "caption", "", i18n::t("ions.caption"))?;
        caption.set_attribute("data-i18n", "ions.caption")?;
        table.append_child(&caption)?;
        let head = make(&doc, "tr", "", "")?;
        for (key, unit) in [
            ("ions.col.ion", ""),
            ("ions.col.inside", "mM"),
            ("ions.col.outside", "mM"),
            ("ions.col.e", "mV"),
            ("ions.col.df", "mV"),
        ] {
            let th = make(&doc, "th", "", "")?;
            let name = make(&doc, "span", "", i18n::t(key))?;
            name.set_attribute("data-i18n", key)?;
            th.append_child(&name)?;
            th.set_attribute("scope", "col")?;
            if !unit.is_empty() {
                th.append_child(&web_sys::Node::from(make(&doc, "span", "th-unit", unit)?))?;
            }
            head.append_child(&th)?;
        }
        let thead = make(&doc, "thead", "", "")?;
        thead.append_child(&head)?;
        table.append_child(&thead)?;
        let tbody = make(&doc, "tbody", "", "")?;
        let mut cells = Vec::new();
        for ion in Ion::ALL {
            let tr = make(
                &doc,
                "tr",
                &format!("ion-{}", ion.name().to_ascii_lowercase()),
                "",
            )?;
            let th = make(&doc, "th", "", ion.symbol())?;
            th.set_attribute("scope", "row")?;
            tr.append_child(&th)?;
            let row: [HtmlElement; 4] = [
                make(&doc, "td", "", "")?,
                make(&doc, "td", "", "")?,
                make(&doc, "td", "", "")?,
                make(&doc, "td", "", "")?,
            ];
            for (k, td) in row.iter().enumerate() {
                td.set_id(&format!(
                    "{}-{}",
                    ["cin", "cout", "e", "df"][k],
                    ion.name().to_ascii_lowercase()
                ));
                tr.append_child(td)?;
            }
            tbody.append_child(&tr)?;
            cells.push(row);
        }
        table.append_child(&tbody)?;
        wrap.append_child(&table)?;
        container.append_child(&wrap)?;

        let list = make(&doc, "ul", "counters", "")?;
        let mut moved = Vec::new();
        for ion in Ion::ALL {
            let li = make(&doc, "li", "", "")?;
            li.set_id(&format!("moved-{}", ion.name().to_ascii_lowercase()));
            list.append_child(&li)?;
            moved.push(li);
        }
        let pump = make(&doc, "li", "", "")?;
        pump.set_id("pump-rate");
        let charge = make(&doc, "li", "", "")?;
        charge.set_id("membrane-charge");
        let volume = make(&doc, "li", "", "")?;
        volume.set_id("volume-readout");
        for li in [&pump, &charge, &volume] {
            list.append_child(li)?;
        }
        container.append_child(&list)?;
        container.append_child(&web_sys::Node::from(make(
            &doc,
            "p",
            "counter-note",
            i18n::t("ions.note"),
        )?))?;
        if let Some(note) = container.last_element_child() {
            note.set_attribute("data-i18n", "ions.note")?;
        }
        Ok(IonPanel {
            cells,
            moved,
            pump,
            charge,
            volume,
        })
    }

    /// Write the present numbers (only text that changed is touched).
    /// `hidden`: what the open lesson hides until the reader checks (the ions
    /// moved, the pump's rate), written as such.
    pub fn update(&self, r: &Readouts, mode: VolumeMode, hidden: &[rpl_lessons::Hidden]) {
        use rpl_lessons::Hidden;
        let hidden_text = || i18n::t("lessons.hidden");
        for (k, ion) in Ion::ALL.into_iter().enumerate() {
            if let (Some(row), Some(li)) = (self.cells.get(k), self.moved.get(k)) {
                let mut texts = ion_row(r, ion);
                if hidden.contains(&Hidden::Voltage) {
                    // V − E gives V away, and so does E_Cl (chloride sits at
                    // equilibrium with V in this model).
                    texts[3] = "?".into();
                    if ion == Ion::Cl {
                        texts[2] = "?".into();
                    }
                }
                for (td, text) in row.iter().zip(texts) {
                    dom::set_text(td, &text);
                }
                if hidden.contains(&Hidden::MovedIons) {
                    dom::set_text(li, &format!("{}: {}", ion.symbol(), hidden_text()));
                } else {
                    dom::set_text(
                        li,
                        &moved_text(ion, r.moved_ions.get(ion), r.moved_fraction.get(ion)),
                    );
                }
            }
        }
        if hidden.contains(&Hidden::PumpRate) {
            dom::set_text(&self.pump, hidden_text());
        } else {
            dom::set_text(&self.pump, &pump_text(r.pump_cycles_s, r.atp_s));
        }
        dom::set_text(
            &self.charge,
            &charge_text(r.membrane_charge_e, r.membrane_charge_fraction_of_k),
        );
        dom::set_text(&self.volume, &volume_text(r.volume_rel, mode));
    }
}
