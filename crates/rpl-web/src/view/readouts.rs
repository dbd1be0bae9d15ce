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
use web_sys::{Element, HtmlElement};

use crate::platform::dom;
use crate::view::i18n;
pub use rpl_ui::format::{
    charge_text, format_count, format_mv, format_number, format_number_1, format_percent,
    format_signed_mv, moved_text, pump_text, superscript,
};

/// The id of the element the panel is built in.
pub const CONTAINER_ID: &str = "ion-readouts";

/// "Volume: 1.04 × start (swelling cell)".
pub fn volume_text(volume_rel: f64, mode: VolumeMode) -> String {
    match mode {
        VolumeMode::Rigid => rpl_ui::t!("ions.volume-rigid").into(),
        VolumeMode::Swelling => {
            rpl_ui::tf!("ions.volume-swelling", &[("n", &format_number(volume_rel))])
        }
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
        rpl_model::strings::trim_end(&signed, " mV").to_string(),
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

/// `el` as an `HtmlElement` (an error, kept by `b`, if it is not one).
#[inline(never)]
fn html(b: &dom::Build, el: Element) -> HtmlElement {
    if b.failed() {
        return JsValue::NULL.unchecked_into();
    }
    let r = el
        .dyn_into::<HtmlElement>()
        .map(Element::from)
        .map_err(|_| JsValue::from_str("an element has an unexpected type"));
    b.keep(r).unchecked_into()
}

/// A new HTML element with `class` and `text` (see [`dom::Build::html`]).
fn make(b: &dom::Build, tag: &str, class: &str, text: &str) -> HtmlElement {
    html(b, b.html(tag, class, text))
}

impl IonPanel {
    /// Build the panel inside `container` (its content is replaced).
    pub fn build(container: &Element) -> Result<IonPanel, JsValue> {
        let doc = dom::document()?;
        container.set_inner_html("");
        let b = dom::Build::new(doc);
        b.keyed(
            container,
            "h2",
            "",
            "ions.heading",
            rpl_ui::t!("ions.heading"),
        );
        let wrap = make(&b, "div", "table-wrap", "");
        let table = make(&b, "table", "ion-table", "");
        b.keyed(
            &table,
            "caption",
            "",
            "ions.caption",
            rpl_ui::t!("ions.caption"),
        );
        let head = make(&b, "tr", "", "");
        for (key, unit) in [
            ("ions.col.ion", ""),
            ("ions.col.inside", "mM"),
            ("ions.col.outside", "mM"),
            ("ions.col.e", "mV"),
            ("ions.col.df", "mV"),
        ] {
            let th = make(&b, "th", "", "");
            b.keyed(&th, "span", "", key, i18n::t(key));
            b.attr(&th, "scope", "col");
            if !unit.is_empty() {
                let unit = make(&b, "span", "th-unit", unit);
                b.append(&th, &[&unit]);
            }
            b.append(&head, &[&th]);
        }
        let thead = make(&b, "thead", "", "");
        b.append(&thead, &[&head]);
        b.append(&table, &[&thead]);
        let tbody = make(&b, "tbody", "", "");
        let mut cells = Vec::new();
        for ion in Ion::ALL {
            let name = ion.name().to_ascii_lowercase();
            let tr = make(&b, "tr", &format!("ion-{name}"), "");
            let th = make(&b, "th", "", ion.symbol());
            b.attr(&th, "scope", "row");
            b.append(&tr, &[&th]);
            let row: [HtmlElement; 4] = ["cin", "cout", "e", "df"]
                .map(|col| html(&b, b.with_id(&tr, "td", "", &format!("{col}-{name}"))));
            b.append(&tbody, &[&tr]);
            cells.push(row);
        }
        b.append(&table, &[&tbody]);
        b.append(&wrap, &[&table]);
        b.append(container, &[&wrap]);

        let list = make(&b, "ul", "counters", "");
        let mut moved = Vec::new();
        for ion in Ion::ALL {
            let id = format!("moved-{}", ion.name().to_ascii_lowercase());
            moved.push(html(&b, b.with_id(&list, "li", "", &id)));
        }
        let pump = html(&b, b.with_id(&list, "li", "", "pump-rate"));
        let charge = html(&b, b.with_id(&list, "li", "", "membrane-charge"));
        let volume = html(&b, b.with_id(&list, "li", "", "volume-readout"));
        b.append(container, &[&list]);
        b.keyed(
            container,
            "p",
            "counter-note",
            "ions.note",
            rpl_ui::t!("ions.note"),
        );
        b.finish()?;
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
        let hidden_text = || rpl_ui::t!("lessons.hidden");
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
