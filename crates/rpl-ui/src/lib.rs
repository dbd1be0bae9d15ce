//! # rpl-ui — the page of Resting Potential Lab, without the browser
//!
//! Everything the page decides that does not need a browser lives here, so it
//! is tested natively with `cargo test` and the web crate only reads inputs
//! and draws. This crate has no `web-sys`, `js-sys` or `wasm-bindgen`.
//!
//! * [`format`](mod@format): the one way to write each kind of number (plain numbers,
//!   mV, currents, durations, percentages, ion counts).
//! * [`axis`]: time axes (linear and log, ms to hours), ticks, ranges, and
//!   thinning a polyline for drawing.
//! * [`history`]: the run's samples for the time charts, thinned to bounded memory.
//! * [`membrane`]: the membrane view's animation state (crossing dots, pump
//!   phase, scale factor) and its arithmetic.
//! * [`palette`]: every colour, line style and the canvas font.
//! * [`i18n`]: every interface string in English and Chinese; the page's language.
//! * [`controls`]: the parameter controls' table and slider arithmetic.
//! * [`errors`]: model errors worded for a reader in either language.
//! * [`a11y`]: the live region's timing and the text alternatives.
//! * [`equations`]: the numbers the Nernst and GHK equations show.
//! * [`link`]: reading a page link (once, at start-up) and writing one.
//! * [`picture`]: the title and scenario caption of a downloaded chart picture.
//! * [`state`]: [`state::AppState`], the page's one state; [`state::Msg`], every
//!   input; [`state::Effect`], what only a browser can do.
//! * [`tabs`]: the tabs the panels below the stage fold into on a phone.
//!
//! Module dependencies run one way: `format` ← `axis`, `a11y`, `equations`,
//! `membrane`; `i18n` and `palette` depend on nothing here.

pub mod a11y;
pub mod axis;
pub mod controls;
pub mod equations;
pub mod errors;
pub mod excite;
pub mod format;
pub mod history;
pub mod i18n;
pub mod link;
pub mod membrane;
pub mod palette;
pub mod picture;
pub mod pins;
pub mod state;
pub mod sweep;
pub mod tabs;
