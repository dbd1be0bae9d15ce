//! The Nernst and Goldman–Hodgkin–Katz equations, typeset in MathML with the
//! present numbers put in.
//!
//! * Nernst, for each ion: E = (RT / zF) ln(\[X\]ₒ / \[X\]ᵢ).
//! * GHK voltage equation (monovalent ions, closed form), with the
//!   permeabilities as ratios to P_K:
//!   V = (RT/F) ln((P_K K_o + P_Na Na_o + P_Cl Cl_i) / (P_K K_i + P_Na Na_i + P_Cl Cl_o)).
//!
//! The structure (`<math>`, `<mfrac>`, …) is built once as elements in the
//! MathML namespace; afterwards only the text of the `<mn>` number elements
//! changes, and only when it differs. The GHK value leaves the pump's current
//! out, so it is shown beside V_m and the model's zero-current voltage, with a
//! sentence saying why they differ.
//!
//! Each `<math>` element has an `aria-label` that reads it in words, with the
//! present numbers where it shows numbers (see [`crate::view::a11y`]).
use rpl_model::Ion;
pub use rpl_ui::equations::*;
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::platform::dom;
use crate::view::a11y;
use crate::view::i18n::t;

/// The MathML namespace.
pub const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// The id of the element the equations are built in.
pub const CONTAINER_ID: &str = "equations";

/// Builds MathML elements, on [`dom::Build`] (a step returns its element;
/// the first DOM error is kept and returned at the end).
struct Math {
    b: dom::Build,
}

impl Math {
    /// An HTML element showing `key`'s text, marked for [`i18n::apply`]
    /// (`data-i18n`), appended to `parent`.
    fn keyed(&self, parent: &Element, tag: &str, class: &str, key: &str) {
        self.b.keyed(parent, tag, class, key, t(key));
    }

    #[inline(never)]
    fn node(&self, tag: &str, children: &[&Element]) -> Element {
        let e = self.b.element(Some(MATHML_NS), tag, "", "");
        self.b.append(&e, children);
        e
    }

    #[inline(never)]
    fn token(&self, tag: &str, text: &str) -> Element {
        self.b.element(Some(MATHML_NS), tag, "", text)
    }

    fn mi(&self, t: &str) -> Element {
        self.token("mi", t)
    }

    fn mo(&self, t: &str) -> Element {
        self.token("mo", t)
    }

    fn mn(&self, t: &str) -> Element {
        self.token("mn", t)
    }

    fn mtext(&self, t: &str) -> Element {
        self.token("mtext", t)
    }

    fn row(&self, children: &[&Element]) -> Element {
        self.node("mrow", children)
    }

    fn frac(&self, num: &Element, den: &Element) -> Element {
        self.node("mfrac", &[num, den])
    }

    #[inline(never)]
    fn sub(&self, base: &str, sub: &str) -> Element {
        let b = self.mi(base);
        let s = self.mi(sub);
        self.node("msub", &[&b, &s])
    }

    /// `[X]` with a subscript side: ⟨[K⁺]ₒ⟩.
    #[inline(never)]
    fn conc(&self, symbol: &str, side: &str) -> Element {
        let open = self.mo("[");
        let x = self.mi(symbol);
        let close = self.mo("]");
        let inner = self.row(&[&open, &x, &close]);
        let s = self.mi(side);
        self.node("msub", &[&inner, &s])
    }

    /// `ln ( … )` with stretchy parentheses.
    #[inline(never)]
    fn ln(&self, arg: &Element) -> Element {
        let ln = self.mi("ln");
        let apply = self.mo("\u{2061}");
        let open = self.mo("(");
        let close = self.mo(")");
        let inner = self.row(&[&open, arg, &close]);
        self.row(&[&ln, &apply, &inner])
    }

    /// A `<math>` element of `children`, read as `label` (none when empty).
    #[inline(never)]
    fn math(&self, children: &[&Element], label: &str) -> Element {
        let m = self.node("math", children);
        // Inline (left-aligned, can sit beside another part) but with full-size fractions.
        self.b.attr(&m, "displaystyle", "true");
        if !label.is_empty() {
            self.b.attr(&m, "aria-label", label);
        }
        m
    }

    /// `<div class=…>` holding `children`, appended to `parent`.
    #[inline(never)]
    fn wrap(&self, parent: &Element, class: &str, children: &[&Element]) -> Element {
        let wrap = self.b.html("div", class, "");
        self.b.append(&wrap, children);
        self.b.append(parent, &[&wrap]);
        wrap
    }
}

/// The equations panel in the page, with handles on its live numbers.
pub struct Equations {
    t_k: Element,
    rt_f: Element,
    nernst: Vec<[Element; 4]>,
    /// P/P_K in the numerator, then in the denominator.
    ratios: Vec<Element>,
    ghk_conc: Vec<Element>,
    ghk_rt_f: Element,
    ghk_result: Element,
    ghk_compare: Element,
    v: Element,
    v_zero: Element,
    why: Element,
    /// The `<math>` elements whose text alternatives carry numbers.
    spoken: Spoken,
}

/// The `<math>` elements whose `aria-label` is rewritten with the numbers.
struct Spoken {
    rt_f: Element,
    /// In [`Ion::ALL`] order.
    nernst: Vec<Element>,
    ghk: Element,
    ghk_result: Element,
    /// The symbolic Nernst equations, in [`Ion::ALL`] order.
    nernst_symbols: Vec<Element>,
    /// The symbolic GHK equation.
    ghk_symbols: Element,
}

impl Equations {
    /// Build the equations inside `container` (its content is replaced).
    pub fn build(container: &Element) -> Result<Equations, JsValue> {
        let doc = dom::document()?;
        container.set_inner_html("");
        let m = Math {
            b: dom::Build::new(doc),
        };
        m.keyed(container, "h2", "", "eq.heading");

        // RT/F = 8.314 × T / 96485 = 26.7 mV
        m.keyed(container, "h3", "", "eq.nernst");
        let t_k = m.mn("");
        let rt_f = m.mn("");
        let spoken_rt_f = {
            let r = m.mi("R");
            let t = m.mi("T");
            let rt = m.row(&[&r, &t]);
            let f = m.mi("F");
            let lhs = m.frac(&rt, &f);
            let eq = m.mo("=");
            let r_num = m.mn("8.314");
            let times = m.mo("×");
            let kelvin = m.mtext("\u{a0}K");
            let num = m.row(&[&r_num, &times, &t_k, &kelvin]);
            let den = m.mn("96485");
            let frac = m.frac(&num, &den);
            let eq2 = m.mo("=");
            let mv = m.mtext("\u{a0}mV");
            let math = m.math(&[&lhs, &eq, &frac, &eq2, &rt_f, &mv], "");
            m.wrap(container, "eq", &[&math]);
            math
        };

        let mut nernst = Vec::new();
        let mut spoken_nernst = Vec::new();
        let mut nernst_symbols = Vec::new();
        for ion in Ion::ALL {
            let live: [Element; 4] = [m.mn(""), m.mn(""), m.mn(""), m.mn("")];
            let e = m.sub("E", ion.name());
            let eq = m.mo("=");
            let rt = {
                let r = m.mi("R");
                let t = m.mi("T");
                m.row(&[&r, &t])
            };
            let zf = match ion.valence() {
                1 => m.mi("F"),
                -1 => {
                    let minus = m.mo("\u{2212}");
                    let f = m.mi("F");
                    m.row(&[&minus, &f])
                }
                z => {
                    let zn = m.mn(&z.to_string());
                    let f = m.mi("F");
                    m.row(&[&zn, &f])
                }
            };
            let pre = m.frac(&rt, &zf);
            let co = m.conc(ion.symbol(), "o");
            let ci = m.conc(ion.symbol(), "i");
            let ratio = m.frac(&co, &ci);
            let ln = m.ln(&ratio);
            let eq2 = m.mo("=");
            let mv = m.mtext("\u{a0}mV");
            let times = m.mo("×");
            let nums = m.frac(&live[1], &live[2]);
            let ln2 = m.ln(&nums);
            let eq3 = m.mo("=");
            // Two parts, so a narrow screen can put the numbers under the symbols.
            let symbols = m.math(&[&e, &eq, &pre, &ln], &a11y::nernst_symbols_label(ion));
            let numbers = m.math(&[&eq2, &live[0], &mv, &times, &ln2, &eq3, &live[3]], "");
            let wrap = m.b.html("div", "eq eq-split", "");
            m.b.attr(
                &wrap,
                "id",
                &format!("nernst-{}", ion.name().to_ascii_lowercase()),
            );
            m.b.append(&wrap, &[&symbols]);
            nernst_symbols.push(symbols.clone());
            m.b.append(&wrap, &[&numbers]);
            m.b.append(container, &[&wrap]);
            nernst.push(live);
            spoken_nernst.push(numbers);
        }

        m.keyed(container, "h3", "", "eq.ghk");
        let names = ["K", "Na", "Cl"];
        let syms = ["K⁺", "Na⁺", "Cl⁻"];
        // Symbolic form.
        let ghk_symbols = {
            let v = m.sub("V", "GHK");
            let eq = m.mo("=");
            let r = m.mi("R");
            let t = m.mi("T");
            let rt = m.row(&[&r, &t]);
            let f = m.mi("F");
            let pre = m.frac(&rt, &f);
            let sides = [["o", "o", "i"], ["i", "i", "o"]];
            let mut parts = Vec::new();
            for side in sides {
                let mut terms: Vec<Element> = Vec::new();
                for k in 0..3 {
                    if k > 0 {
                        terms.push(m.mo("+"));
                    }
                    terms.push(m.sub("P", names[k]));
                    terms.push(m.conc(syms[k], side[k]));
                }
                let refs: Vec<&Element> = terms.iter().collect();
                parts.push(m.row(&refs));
            }
            let frac = m.frac(&parts[0], &parts[1]);
            let ln = m.ln(&frac);
            let math = m.math(&[&v, &eq, &pre, &ln], a11y::ghk_symbols_label());
            m.wrap(container, "eq", &[&math]);
            math
        };
        // With numbers: P as ratios to P_K.
        let ratios: Vec<Element> = vec![m.mn(""), m.mn(""), m.mn("")];
        let ratios_den: Vec<Element> = vec![m.mn(""), m.mn(""), m.mn("")];
        let ghk_conc: Vec<Element> = (0..6).map(|_| m.mn("")).collect();
        let ghk_result = m.mn("");
        let rt_f2 = m.mn("");
        let (spoken_ghk, spoken_ghk_result) = {
            let eq = m.mo("=");
            let mv = m.mtext("\u{a0}mV");
            let times = m.mo("×");
            let mut parts = Vec::new();
            for (side, pr) in [(0usize, &ratios), (3usize, &ratios_den)] {
                let mut terms: Vec<Element> = Vec::new();
                for k in 0..3 {
                    if k > 0 {
                        terms.push(m.mo("+"));
                    }
                    terms.push(pr[k].clone());
                    terms.push(m.mo("·"));
                    terms.push(ghk_conc[side + k].clone());
                }
                let refs: Vec<&Element> = terms.iter().collect();
                parts.push(m.row(&refs));
            }
            let frac = m.frac(&parts[0], &parts[1]);
            let ln = m.ln(&frac);
            let eq2 = m.mo("=");
            let numbers = m.math(&[&eq, &rt_f2, &mv, &times, &ln], "");
            let result = m.math(&[&eq2, &ghk_result], "");
            let wrap = m.b.html("div", "eq eq-split", "");
            m.b.attr(&wrap, "id", "ghk-numbers");
            m.b.append(&wrap, &[&numbers, &result]);
            m.b.append(container, &[&wrap]);
            (numbers, result)
        };
        m.keyed(container, "p", "eq-note", "eq.note");

        let compare = m.b.html("dl", "compare", "");
        let value = |key: &str, id: &str| -> Element {
            m.keyed(&compare, "dt", "", key);
            m.b.with_id(&compare, "dd", "", id)
        };
        let ghk_dd = value("eq.ghk-value", "ghk-v");
        let v_zero = value("eq.zero-current", "zero-current-v");
        let v = value("eq.vm", "eq-vm");
        m.b.append(container, &[&compare]);
        let why = m.b.with_id(container, "p", "why", "ghk-why");
        m.b.finish()?;

        Ok(Equations {
            t_k,
            rt_f,
            nernst,
            ratios: ratios.into_iter().chain(ratios_den).collect(),
            ghk_conc,
            ghk_rt_f: rt_f2,
            ghk_result,
            ghk_compare: ghk_dd,
            v,
            v_zero,
            why,
            spoken: Spoken {
                rt_f: spoken_rt_f,
                nernst: spoken_nernst,
                ghk: spoken_ghk,
                ghk_result: spoken_ghk_result,
                nernst_symbols,
                ghk_symbols,
            },
        })
    }

    /// Write the numbers (only text that changed is touched).
    pub fn update(&self, n: &EquationNumbers) {
        dom::set_text(&self.t_k, &n.t_k);
        dom::set_text(&self.rt_f, &n.rt_f_mv);
        for (live, texts) in self.nernst.iter().zip(&n.nernst) {
            for (el, t) in live.iter().zip(texts) {
                dom::set_text(el, t);
            }
        }
        for (k, el) in self.ratios.iter().enumerate() {
            dom::set_text(el, &n.ratios[k % 3]);
        }
        dom::set_text(&self.ghk_rt_f, &n.rt_f_mv);
        dom::set_text(&self.ghk_compare, &n.ghk);
        for (el, t) in self.ghk_conc.iter().zip(&n.ghk_conc) {
            dom::set_text(el, t);
        }
        dom::set_text(&self.ghk_result, &n.ghk);
        dom::set_text(&self.v, &n.v);
        dom::set_text(&self.v_zero, &n.v_zero);
        // The sentence names V_m: with its subscript, as everywhere else.
        if let Err(e) = dom::set_rich_text(&self.why, &n.why) {
            web_sys::console::error_1(&e);
        }
        self.speak(n);
    }

    /// Rewrite the text alternatives of the equations that show numbers.
    fn speak(&self, n: &EquationNumbers) {
        let sp = &self.spoken;
        let mut labels = vec![
            (&sp.ghk_symbols, a11y::ghk_symbols_label().to_string()),
            (&sp.rt_f, a11y::rt_f_label(n)),
            (&sp.ghk, a11y::ghk_numbers_label(n)),
            (&sp.ghk_result, a11y::ghk_result_label(n)),
        ];
        for (el, ion) in sp.nernst_symbols.iter().zip(Ion::ALL) {
            labels.push((el, a11y::nernst_symbols_label(ion)));
        }
        for ((el, ion), row) in sp.nernst.iter().zip(Ion::ALL).zip(&n.nernst) {
            labels.push((el, a11y::nernst_numbers_label(ion, row)));
        }
        for (el, label) in labels {
            if let Err(e) = a11y::set_attr(el, "aria-label", &label) {
                web_sys::console::warn_1(&e);
            }
        }
    }
}
