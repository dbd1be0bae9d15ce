//! Native tests of the page's one set of formatters (`rpl_ui::format`): each
//! kind of number is written one way, in both languages, and never as NaN,
//! "inf" or float noise.

use rpl_ui::format::{
    format_count, format_current, format_duration, format_mv, format_number, format_number_1,
    format_percent, format_signed_mv, short_duration, superscript, TimeUnit,
};
use rpl_ui::i18n::{self, Lang};

/// Run `f` with the page in `lang`, then put English back.
fn in_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    i18n::set_lang(lang);
    let out = f();
    i18n::set_lang(Lang::En);
    out
}

#[test]
fn numbers_have_three_significant_digits_and_a_true_minus() {
    assert_eq!(format_number(26.73), "26.7");
    assert_eq!(format_number(-73.82), "\u{2212}73.8");
    assert_eq!(format_number(140.0), "140");
    assert_eq!(format_number(0.01234), "0.0123");
    assert_eq!(format_number(0.30000000000000004), "0.3");
    assert_eq!(format_number(-0.0), "0");
    assert_eq!(format_number(-1e-12), "0");
    assert_eq!(format_number(f64::NAN), "–");
    assert_eq!(format_number(f64::INFINITY), "–");
    assert_eq!(format_number_1(-0.04), "0.0");
    assert_eq!(format_number_1(12.0), "12.0");
}

#[test]
fn voltages_and_currents() {
    assert_eq!(format_mv(-73.82), "\u{2212}73.8 mV");
    assert_eq!(format_signed_mv(15.24), "+15.2 mV");
    assert_eq!(format_signed_mv(-3.0), "\u{2212}3.0 mV");
    assert_eq!(format_signed_mv(0.01), "0.0 mV");
    assert_eq!(format_current(1e-9, 1.0), "0");
    assert_eq!(format_current(5e-4, 1.0), "\u{2248}0");
    assert_eq!(format_current(-0.25, 1.0), "\u{2212}0.25");
}

#[test]
fn durations_pick_a_unit_that_reads_well() {
    assert_eq!(format_duration(0.35), "350 ms");
    assert_eq!(format_duration(12.3), "12.3 s");
    assert_eq!(format_duration(270.0), "4.5 min");
    assert_eq!(format_duration(7380.0), "123 min");
    assert_eq!(format_duration(16_200.0), "4.5 h");
    assert_eq!(short_duration(1e-5), "10 µs");
    assert_eq!(short_duration(60.0), "1 min");
    assert_eq!(short_duration(36_000.0), "10 h");
    assert_eq!(TimeUnit::for_span(0.5), TimeUnit::Ms);
    assert_eq!(TimeUnit::for_span(3600.0 * 5.0), TimeUnit::H);
}

#[test]
fn ion_counts_are_written_one_way_in_each_language() {
    assert_eq!(format_count(950.0), "950");
    assert_eq!(format_count(5.8e6), "5.8 million");
    assert_eq!(format_count(2e7), "20 million");
    assert_eq!(format_count(1.2e9), "1.2 billion");
    assert_eq!(format_count(2.1e15), "2.1 × 10¹⁵");
    assert_eq!(format_count(-5.8e6), "\u{2212}5.8 million");
    assert_eq!(format_count(f64::NAN), "–");
    assert_eq!(in_lang(Lang::Zh, || format_count(2e7)), "2000万");
    assert_eq!(in_lang(Lang::Zh, || format_count(5.8e8)), "5.8亿");
    assert_eq!(in_lang(Lang::Zh, || format_count(950.0)), "950");
}

#[test]
fn percentages_and_superscripts() {
    assert_eq!(format_percent(1.7e-5), "0.0017 %");
    assert_eq!(format_percent(0.8), "80 %");
    assert_eq!(format_percent(0.0), "0 %");
    assert_eq!(format_percent(f64::NAN), "–");
    assert_eq!(superscript(15), "¹⁵");
    assert_eq!(superscript(-3), "⁻³");
}

#[test]
fn the_membrane_writes_counts_as_the_readouts_do() {
    use rpl_ui::membrane::format_flux;
    assert_eq!(format_flux(2e7), "↑ 20 million/s");
    assert_eq!(format_flux(-6.4e7), "↓ 64 million/s");
    assert_eq!(format_flux(0.2), "0");
}

#[test]
fn one_palette_for_every_view() {
    use rpl_ui::palette::{self, ion_style, PUMP_STYLE, TOTAL_STYLE};
    assert_eq!(
        PUMP_STYLE.colour,
        palette::PUMP,
        "the pump is orange in every view"
    );
    assert_eq!(palette::PUMP.css, "#e69f00");
    assert_eq!(TOTAL_STYLE.colour, palette::INK);
    for ion in rpl_model::Ion::ALL {
        assert_eq!(ion_style(ion).colour, palette::ion_colour(ion));
    }
    let k = palette::hex("#0072b2");
    assert_eq!((k.r, k.g, k.b), (0, 0x72, 0xb2));
    assert!(
        palette::FONT.contains("WenQuanYi Micro Hei"),
        "CJK fallback for every canvas"
    );
}

/// Every text built around a count of things, for a count of `n`.
fn count_texts(n: f64) -> Vec<String> {
    use rpl_ui::format::{moved_text, pump_text};
    use rpl_ui::membrane::{cycles_text, moving_dot_text};
    vec![
        moving_dot_text(n),
        cycles_text(n),
        moved_text(rpl_model::Ion::K, n, 1e-9),
        moved_text(rpl_model::Ion::Na, -n, 1e-9),
        pump_text(n, n),
    ]
}

#[test]
fn one_ion_is_singular_in_english_and_chinese_has_one_form() {
    let one = in_lang(Lang::En, || count_texts(1.0));
    assert_eq!(one[0], "moving dot ≈ 1 ion");
    assert_eq!(one[1], "1 cycle/s");
    assert!(one[2].starts_with("K⁺ moved: 1 ion out = "), "{}", one[2]);
    assert!(one[3].starts_with("Na⁺ moved: 1 ion in = "), "{}", one[3]);
    assert!(one[4].starts_with("Pump: 1 cycle/s, "), "{}", one[4]);
    // Counts written "1" (rounded) are singular too; any other count is plural.
    assert_eq!(
        in_lang(Lang::En, || count_texts(1.2))[0],
        "moving dot ≈ 1 ion"
    );
    for n in [0.0, 2.0, 5.0, 20.0, 1000.0, 1.5e6, 2e9] {
        for text in in_lang(Lang::En, || count_texts(n)) {
            assert!(
                !text.contains(" ion ") && !text.ends_with(" ion") && !text.contains(" cycle/"),
                "{n}: {text}"
            );
        }
    }
    for text in in_lang(Lang::En, || count_texts(1.0)) {
        assert!(
            !text.contains("1 ions") && !text.contains("1 cycles"),
            "{text}"
        );
    }
    // Chinese: the same words for one as for many.
    let zh_one = in_lang(Lang::Zh, || count_texts(1.0));
    let zh_two = in_lang(Lang::Zh, || count_texts(2.0));
    assert_eq!(zh_one[0], "每个移动的点 ≈ 1 个离子");
    for (a, b) in zh_one.iter().zip(&zh_two) {
        assert_eq!(a.replace('1', "2"), b.replace('1', "2"), "{a} | {b}");
    }
}

#[test]
fn lesson_symbols_get_real_subscripts() {
    use rpl_ui::format::subscript_runs;
    assert_eq!(
        subscript_runs("V falls to E_K, and P_Na : P_K = 1 : 50."),
        vec![
            ("V falls to E", false),
            ("K", true),
            (", and P", false),
            ("Na", true),
            (" : P", false),
            ("K", true),
            (" = 1 : 50.", false),
        ]
    );
    assert_eq!(subscript_runs("V_m"), vec![("V", false), ("m", true)]);
    assert_eq!(
        subscript_runs("膜电位接近 E_K（−89 mV）"),
        vec![("膜电位接近 E", false), ("K", true), ("（−89 mV）", false)]
    );
    // Chinese runs its words together: a symbol right after a Chinese
    // character (or a sign) starts a word too; after an ASCII letter or
    // digit it does not.
    assert_eq!(
        subscript_runs("接近E_K，−V_m"),
        vec![("接近E", false), ("K", true), ("，−V", false), ("m", true)]
    );
    assert_eq!(subscript_runs("aE_K"), vec![("aE_K", false)]);
    assert_eq!(subscript_runs("2E_K"), vec![("2E_K", false)]);
    // Not a one-letter symbol, or nothing after the underscore: left alone.
    for plain in ["tot_rest", "snake_case_word", "E_", "_K", "a __ b", ""] {
        let runs = subscript_runs(plain);
        assert!(runs.iter().all(|(_, sub)| !sub), "{plain}: {runs:?}");
        let joined: String = runs.iter().map(|(t, _)| *t).collect();
        assert_eq!(joined, plain);
    }
    // Every lesson text in both languages: no underscore is left in what the
    // page shows, and the runs put the text back together.
    for e in rpl_text::TABLE
        .iter()
        .filter(|e| e.key.starts_with("lesson."))
    {
        for text in [e.en, e.zh] {
            let runs = subscript_runs(text);
            let shown: String = runs.iter().map(|(t, _)| *t).collect();
            assert_eq!(
                shown.len() + runs.iter().filter(|r| r.1).count(),
                text.len(),
                "{}",
                e.key
            );
            assert!(
                runs.iter()
                    .all(|(t, _)| !t.contains('_') || t.contains('{')),
                "{}: {runs:?}",
                e.key
            );
        }
    }
}
