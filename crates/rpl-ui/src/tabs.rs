//! On a phone the panels below the stage fold into tabs: the parameters,
//! the currents, the concentrations, the clamp and I–V, the equations and the
//! ion table, one shown at a time. Which one is the reader's choice, kept in
//! [`crate::state::AppState::tab`]; it is a choice of layout on a narrow
//! screen, not of what the page shows, so it stays out of share links (the
//! panels shown go there, as before). Wider screens show every panel and no
//! tabs.

use rpl_model::scenario::Panels;

/// One tab of the phone's tab bar, in bar order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelTab {
    /// The cell's menu and the parameter groups.
    Params,
    /// The current bars and table.
    Currents,
    /// Inside concentrations against time.
    Concentrations,
    /// The voltage clamp and I–V chart.
    Clamp,
    /// V against one parameter.
    Sweep,
    /// Nernst and GHK with the present numbers.
    Equations,
    /// The ion table.
    Ions,
}

impl PanelTab {
    /// Every tab, in bar order.
    pub const ALL: [PanelTab; 7] = [
        PanelTab::Params,
        PanelTab::Currents,
        PanelTab::Concentrations,
        PanelTab::Clamp,
        PanelTab::Sweep,
        PanelTab::Equations,
        PanelTab::Ions,
    ];

    /// The tab's name in the page (`data-tab`, and `tab.NAME` of the i18n table).
    pub fn name(self) -> &'static str {
        match self {
            PanelTab::Params => "params",
            PanelTab::Currents => "currents",
            PanelTab::Concentrations => "concentrations",
            PanelTab::Clamp => "clamp",
            PanelTab::Sweep => "sweep",
            PanelTab::Equations => "equations",
            PanelTab::Ions => "ions",
        }
    }

    /// The tab of a name (see [`PanelTab::name`]).
    pub fn parse(name: &str) -> Option<PanelTab> {
        PanelTab::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The tabs on offer: the parameters always; the currents and the
/// concentrations when they are shown; the clamp, the equations and the ion
/// table on the full page. A compact embed leaves the equations, the ion
/// table and a closed clamp to the full page, so it offers the clamp only
/// when it is open.
pub fn offered(panels: &Panels, compact: bool) -> Vec<PanelTab> {
    PanelTab::ALL
        .into_iter()
        .filter(|t| match t {
            PanelTab::Params => true,
            PanelTab::Currents => panels.currents,
            PanelTab::Concentrations => panels.concentrations,
            PanelTab::Clamp => !compact || panels.clamp,
            PanelTab::Sweep => !compact || panels.sweep,
            PanelTab::Equations | PanelTab::Ions => !compact,
        })
        .collect()
}

/// The tab a page opens on: the sweep's or the clamp's when its link shows
/// that panel (a link that asks for a chart means it to be seen; the sweep
/// first, as the clamp comes before it in the bar), otherwise the
/// parameters'. A compact embed that shows neither starts with every panel
/// folded, so that its frame stays short.
pub fn first(panels: &Panels, compact: bool) -> Option<PanelTab> {
    if panels.sweep {
        Some(PanelTab::Sweep)
    } else if panels.clamp {
        Some(PanelTab::Clamp)
    } else {
        (!compact).then_some(PanelTab::Params)
    }
}

/// The tab shown of those `offered`: the chosen one if it is offered, the
/// first otherwise; none when none is chosen (every panel folded).
pub fn shown(chosen: Option<PanelTab>, offered: &[PanelTab]) -> Option<PanelTab> {
    let chosen = chosen?;
    if offered.contains(&chosen) {
        Some(chosen)
    } else {
        offered.first().copied()
    }
}

/// The tab a key moves to from `from` in the tab bar (`offered`): the arrow
/// keys go to the next or previous tab, round the ends; Home and End to the
/// first and last. Other keys move nothing.
pub fn keyed(from: Option<PanelTab>, offered: &[PanelTab], key: &str) -> Option<PanelTab> {
    let n = offered.len();
    if n == 0 {
        return None;
    }
    let at = from.and_then(|t| offered.iter().position(|&o| o == t));
    let to = match (key, at) {
        ("ArrowRight", Some(i)) => (i + 1) % n,
        ("ArrowLeft", Some(i)) => (i + n - 1) % n,
        ("ArrowRight" | "Home", None) | ("Home", Some(_)) => 0,
        ("ArrowLeft" | "End", None) | ("End", Some(_)) => n - 1,
        _ => return None,
    };
    Some(offered[to])
}
