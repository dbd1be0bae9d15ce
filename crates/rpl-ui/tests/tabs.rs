//! Native tests of the phone's tabs below the stage (`rpl_ui::tabs`, and the
//! choice kept in the state).

use rpl_model::scenario::Panels;
use rpl_ui::link;
use rpl_ui::state::{AppState, Msg};
use rpl_ui::tabs::{self, PanelTab};

fn open(query: &str) -> AppState {
    AppState::open(link::open(query), &[])
}

#[test]
fn the_page_offers_a_tab_per_panel_and_starts_on_the_parameters() {
    let s = open("?preset=neuron");
    assert_eq!(s.tabs(), PanelTab::ALL.to_vec());
    assert_eq!(s.shown_tab(), Some(PanelTab::Params));
    for t in PanelTab::ALL {
        assert_eq!(PanelTab::parse(t.name()), Some(t));
    }
    assert_eq!(PanelTab::parse("nosuch"), None);
}

#[test]
fn a_panel_that_is_not_shown_has_no_tab() {
    let s = open("?preset=neuron&panels=membrane,voltage,currents");
    assert_eq!(
        s.tabs(),
        vec![
            PanelTab::Params,
            PanelTab::Currents,
            PanelTab::Clamp,
            PanelTab::Sweep,
            PanelTab::Equations,
            PanelTab::Ions
        ]
    );
    // A chosen tab whose panel goes away gives way to the first.
    let mut s = open("?preset=neuron");
    s.update(Msg::ChooseTab(Some(PanelTab::Concentrations)));
    assert_eq!(s.shown_tab(), Some(PanelTab::Concentrations));
    let mut p = s.panels;
    p.concentrations = false;
    s.update(Msg::SetPanels(p));
    assert_eq!(s.shown_tab(), Some(PanelTab::Params));
}

#[test]
fn the_choice_is_kept_in_the_state_and_not_in_links() {
    let mut s = open("?preset=neuron");
    let before = s.canonical_query().unwrap();
    s.update(Msg::ChooseTab(Some(PanelTab::Equations)));
    assert_eq!(s.tab, Some(PanelTab::Equations));
    assert_eq!(s.shown_tab(), Some(PanelTab::Equations));
    assert_eq!(s.canonical_query().unwrap(), before, "a layout choice");
    // It survives a lesson opening and closing, and a language switch.
    s.update(Msg::OpenLesson("ghk".into()));
    s.update(Msg::SetLang(rpl_lessons::Lang::Zh));
    s.update(Msg::OpenLesson(String::new()));
    assert_eq!(s.shown_tab(), Some(PanelTab::Equations));
    rpl_ui::i18n::set_lang(rpl_lessons::Lang::En);
}

#[test]
fn the_clamp_tab_opens_the_clamp() {
    let mut s = open("?preset=neuron");
    assert!(!s.panels.clamp);
    s.update(Msg::ChooseTab(Some(PanelTab::Clamp)));
    assert!(
        s.panels.clamp,
        "one tap shows the clamp, not its folded summary"
    );
    assert!(s.canonical_query().unwrap().contains("clamp"));
}

#[test]
fn a_compact_embed_starts_folded_and_leaves_the_tables_to_the_full_page() {
    let s = open("?panels=membrane,voltage&embed=1");
    assert_eq!(s.tabs(), vec![PanelTab::Params]);
    assert_eq!(
        s.shown_tab(),
        None,
        "every panel folded: the frame stays short"
    );
    let mut s = open("?panels=membrane,voltage,currents,clamp&embed=1");
    assert_eq!(
        s.tabs(),
        vec![PanelTab::Params, PanelTab::Currents, PanelTab::Clamp]
    );
    s.update(Msg::ChooseTab(Some(PanelTab::Currents)));
    assert_eq!(s.shown_tab(), Some(PanelTab::Currents));
    s.update(Msg::ChooseTab(None));
    assert_eq!(s.shown_tab(), None);
}

#[test]
fn a_link_that_shows_the_sweep_or_the_clamp_opens_on_its_tab() {
    for (query, tab) in [
        ("?preset=neuron&panels=sweep", Some(PanelTab::Sweep)),
        (
            "?preset=neuron&panels=membrane,voltage,sweep",
            Some(PanelTab::Sweep),
        ),
        ("?preset=neuron&panels=clamp,sweep", Some(PanelTab::Sweep)),
        ("?preset=neuron&panels=voltage,clamp", Some(PanelTab::Clamp)),
        ("?preset=neuron&panels=voltage", Some(PanelTab::Params)),
        (
            "?panels=membrane,voltage,sweep&embed=1",
            Some(PanelTab::Sweep),
        ),
        (
            "?panels=membrane,voltage,clamp&embed=1",
            Some(PanelTab::Clamp),
        ),
        ("?panels=membrane,voltage&embed=1", None),
    ] {
        let s = open(query);
        assert_eq!(s.shown_tab(), tab, "{query}");
        if let Some(t) = tab {
            assert!(s.tabs().contains(&t), "{query}: offered");
        }
    }
    // Its panel is open, and the reader's next choice is kept as before.
    let mut s = open("?preset=neuron&panels=sweep");
    assert!(s.panels.sweep);
    s.update(Msg::ChooseTab(Some(PanelTab::Params)));
    assert_eq!(s.shown_tab(), Some(PanelTab::Params));
}

#[test]
fn arrow_keys_move_between_the_tabs_round_the_ends() {
    let all = tabs::offered(&Panels::default(), false);
    use PanelTab::*;
    assert_eq!(
        tabs::keyed(Some(Params), &all, "ArrowRight"),
        Some(Currents)
    );
    assert_eq!(tabs::keyed(Some(Params), &all, "ArrowLeft"), Some(Ions));
    assert_eq!(tabs::keyed(Some(Ions), &all, "ArrowRight"), Some(Params));
    assert_eq!(tabs::keyed(Some(Clamp), &all, "Home"), Some(Params));
    assert_eq!(tabs::keyed(Some(Clamp), &all, "End"), Some(Ions));
    assert_eq!(tabs::keyed(None, &all, "ArrowRight"), Some(Params));
    assert_eq!(tabs::keyed(None, &all, "ArrowLeft"), Some(Ions));
    assert_eq!(tabs::keyed(Some(Clamp), &all, "Enter"), None);
    assert_eq!(tabs::keyed(Some(Clamp), &[], "ArrowRight"), None);
    // A tab that is not offered (its panel went away) starts from the ends.
    let few = [Params, Clamp];
    assert_eq!(
        tabs::keyed(Some(Currents), &few, "ArrowRight"),
        Some(Params)
    );
}

#[test]
fn the_clamp_and_the_sweep_lead_when_the_link_or_the_lesson_shows_them() {
    assert_eq!(open("?preset=neuron").leading(), "");
    assert_eq!(
        open("?preset=neuron&panels=membrane,voltage,sweep").leading(),
        "sweep"
    );
    assert_eq!(
        open("?preset=neuron&panels=voltage,clamp").leading(),
        "clamp"
    );
    assert_eq!(
        open("?preset=neuron&panels=clamp,sweep").leading(),
        "clamp sweep"
    );
    let mut s = open("?preset=neuron");
    // The reader opening a panel leaves it where it is.
    s.update(Msg::ShowSweep(true));
    s.update(Msg::ShowClamp(true));
    assert_eq!(s.leading(), "");
    // A lesson that shows one puts it first; one that shows neither, none.
    s.update(Msg::OpenLesson("ghk".into()));
    assert_eq!(s.leading(), "sweep");
    s.update(Msg::OpenLesson("reversal".into()));
    assert_eq!(s.leading(), "clamp");
    s.update(Msg::OpenLesson("battery".into()));
    assert!(s.lesson.is_some());
    assert_eq!(s.leading(), "");
    // Folding it keeps its place.
    let mut s = open("?preset=neuron&panels=membrane,voltage,sweep");
    s.update(Msg::ShowSweep(false));
    assert_eq!(s.leading(), "sweep");
}

#[test]
fn each_choice_of_a_tab_is_counted_so_a_wide_page_can_go_to_its_panel_again() {
    let mut s = open("?preset=neuron");
    assert_eq!(s.tab_choices, 0);
    s.update(Msg::ChooseTab(Some(PanelTab::Sweep)));
    assert_eq!(s.tab_choices, 1);
    assert!(s.panels.sweep, "choosing the sweep opens it");
    // The same tab again (the reader scrolled away and asks for it once more).
    s.update(Msg::ChooseTab(Some(PanelTab::Sweep)));
    assert_eq!(s.tab_choices, 2);
    assert_eq!(s.shown_tab(), Some(PanelTab::Sweep));
    // No tab is no request to go anywhere.
    s.update(Msg::ChooseTab(None));
    assert_eq!(s.tab_choices, 2);
}
