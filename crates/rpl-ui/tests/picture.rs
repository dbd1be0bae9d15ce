//! Native tests of what a downloaded chart picture says besides the chart
//! (`rpl_ui::picture`): a title per chart and a caption with the scenario,
//! in the page's language, in the reader's words.

use rpl_lessons::Lang;
use rpl_model::Key;
use rpl_ui::link;
use rpl_ui::picture::{caption, changes, title};
use rpl_ui::state::{AppState, Msg};

const CHARTS: [&str; 5] = [
    "membrane",
    "voltage",
    "currents-chart",
    "conc-chart",
    "iv-chart",
];

fn open(query: &str) -> AppState {
    AppState::open(link::open(query), &[])
}

#[test]
fn every_chart_has_a_title_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        rpl_ui::i18n::set_lang(lang);
        let titles: Vec<String> = CHARTS.iter().map(|c| title(c)).collect();
        for (c, t) in CHARTS.iter().zip(&titles) {
            assert!(t.chars().count() > 3 && t != c, "{c}: {t}");
            if lang == Lang::Zh {
                assert!(
                    t.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                    "{t}"
                );
            }
        }
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), CHARTS.len(), "{titles:?}");
    }
    rpl_ui::i18n::set_lang(Lang::En);
    assert_eq!(title("iv-chart"), "I–V curves under voltage clamp");
}

#[test]
fn the_caption_names_the_preset_the_changes_and_the_time() {
    rpl_ui::i18n::set_lang(Lang::En);
    let s = open("?preset=neuron&then=ouabain:1@0,K_o:10@60&t=600");
    let lines = caption(&s);
    assert_eq!(
        lines[0],
        "Scenario: Neuron (mammalian), with K⁺ outside = 10 mM; Pumps blocked by ouabain = 100 %",
        "{lines:?}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("Model time 10 min; V = −"),
        "{lines:?}"
    );
    let plain = caption(&open("?preset=squid-axon"));
    assert_eq!(
        plain[0], "Scenario: Squid giant axon, as preset",
        "{plain:?}"
    );

    let mut zh = open("?preset=neuron&T=20&volume=swelling&lang=zh");
    zh.update(Msg::SetLang(Lang::Zh));
    let lines = caption(&zh);
    assert!(
        lines[0].starts_with("场景：神经元（哺乳动物），其中 "),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("温度 = 20 °C") && lines[0].contains("细胞体积 = 可肿胀"),
        "{lines:?}"
    );
    assert!(lines.last().unwrap().starts_with("模型时间 "), "{lines:?}");
    rpl_ui::i18n::set_lang(Lang::En);
}

#[test]
fn a_caption_never_shows_a_key_name() {
    // Every key changed at once (within its range), in both languages.
    let preset = rpl_model::Scenario::preset("neuron").unwrap();
    let mut now = preset.clone();
    for key in Key::ALL {
        let r = key.range();
        let v = key.get(&preset).unwrap_or(r.lo);
        let target = if r.contains(v * 0.5) && v != 0.0 {
            v * 0.5
        } else {
            r.hi.min(r.lo + 1.0)
        };
        let _ = key.set(&mut now, target);
    }
    for lang in [Lang::En, Lang::Zh] {
        rpl_ui::i18n::set_lang(lang);
        let list = changes(&now, &preset);
        assert!(list.len() >= 15, "{list:?}");
        for item in &list {
            assert!(
                !item.contains('_') && !item.contains("inf") && !item.contains("NaN"),
                "{item}"
            );
        }
    }
    rpl_ui::i18n::set_lang(Lang::En);
}
