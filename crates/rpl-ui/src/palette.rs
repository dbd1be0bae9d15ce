//! The one palette of the page: every colour the charts, the membrane view
//! and the readouts use, the line style of each quantity, and the font.
//!
//! Ion colours are Okabe–Ito (safe for colour-blind readers), and each ion
//! also has its own dash pattern and marker shape, so no line is told apart
//! by colour alone. The pump is orange wherever it is drawn.

use rpl_model::Ion;

/// A colour: its components and its CSS text (`#rrggbb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
    /// The same colour as CSS text, `#rrggbb`.
    pub css: &'static str,
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        // Evaluated at compile time: a bad literal fails the build.
        _ => panic!("a palette colour must be #rrggbb"),
    }
}

/// A colour from its CSS text `#rrggbb` (checked at compile time for the
/// constants below).
pub const fn hex(css: &'static str) -> Colour {
    let b = css.as_bytes();
    assert!(
        b.len() == 7 && b[0] == b'#',
        "a palette colour must be #rrggbb"
    );
    Colour {
        r: nibble(b[1]) * 16 + nibble(b[2]),
        g: nibble(b[3]) * 16 + nibble(b[4]),
        b: nibble(b[5]) * 16 + nibble(b[6]),
        css,
    }
}

/// Backgrounds of charts and of the page.
pub const BACKGROUND: Colour = hex("#ffffff");
/// Text, the membrane voltage trace and the total current.
pub const INK: Colour = hex("#1b1f24");
/// Secondary text, relative volume.
pub const MUTED: Colour = hex("#56606b");
/// K⁺ and E_K (Okabe–Ito blue).
pub const K: Colour = hex("#0072b2");
/// Na⁺ and E_Na (Okabe–Ito vermillion).
pub const NA: Colour = hex("#d55e00");
/// Cl⁻ and E_Cl (Okabe–Ito bluish green).
pub const CL: Colour = hex("#009e73");
/// Ca²⁺ (Okabe–Ito reddish purple).
pub const CA: Colour = hex("#cc79a7");
/// The Na⁺/K⁺ pump (Okabe–Ito orange), in the charts and the membrane view alike.
pub const PUMP: Colour = hex("#e69f00");
/// The pump's body while it runs (a light tint of [`PUMP`]).
pub const PUMP_FILL: Colour = hex("#fcecc8");
/// The pump's outline while it runs (a dark shade of [`PUMP`], readable on white).
pub const PUMP_EDGE: Colour = hex("#8a5a00");
/// The pump's body when it stands still (blocked or switched off).
pub const PUMP_STOPPED_FILL: Colour = hex("#e9e6e1");
/// The pump's outline when it stands still.
pub const PUMP_STOPPED_EDGE: Colour = hex("#8a847a");
/// The `+` signs of the charge layer.
pub const CHARGE_PLUS: Colour = hex("#a3261b");
/// The `−` signs of the charge layer.
pub const CHARGE_MINUS: Colour = hex("#1f3f8a");
/// The impermeant anions A⁻ (neutral grey).
pub const IMPERMEANT: Colour = hex("#8d939a");
/// The held voltage in the clamp chart (the page's accent colour).
pub const HELD: Colour = hex("#0b5cad");
/// A bar or line that stands for "nothing left" (a net current of zero).
pub const FADED: Colour = hex("#999999");
/// Axis lines, ticks and their labels.
pub const AXIS_TEXT: Colour = hex("#3e4751");
/// Grid lines.
pub const GRID: Colour = hex("#e3e7eb");
/// The zero line of current charts.
pub const ZERO_LINE: Colour = hex("#8a949e");
/// The bath in the membrane view.
pub const OUTSIDE_BG: Colour = hex("#e6f0f8");
/// The cell's inside in the membrane view.
pub const INSIDE_BG: Colour = hex("#fbf0dc");
/// The bilayer's tails.
pub const BAND: Colour = hex("#f3e2b5");
/// The bilayer's heads.
pub const HEAD: Colour = hex("#dcb964");
/// The heads' outline.
pub const HEAD_EDGE: Colour = hex("#b8913a");

/// The colour of an ion.
pub fn ion_colour(ion: Ion) -> Colour {
    match ion {
        Ion::K => K,
        Ion::Na => NA,
        Ion::Cl => CL,
        Ion::Ca => CA,
    }
}

/// The font of every canvas: the page's, then fonts with Chinese glyphs
/// (WenQuanYi Micro Hei is what the project's set-up installs on Linux; the
/// others come with macOS, Windows and most desktop Linux), so Chinese labels
/// never fall back to boxes.
pub const FONT: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif";

/// A marker shape drawn on a line and beside its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// No marker.
    None,
    /// A filled circle (K⁺).
    Circle,
    /// A filled triangle (Na⁺).
    Triangle,
    /// A filled square (Cl⁻).
    Square,
    /// A filled diamond (Ca²⁺).
    Diamond,
    /// A filled, point-down triangle (the pump).
    TriangleDown,
}

/// How one quantity is drawn wherever it appears: colour, dash pattern and marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeriesStyle {
    /// Line and fill colour.
    pub colour: Colour,
    /// Dash pattern in CSS pixels (on, off, …); empty for a solid line.
    pub dash: &'static [f64],
    /// Marker shape.
    pub marker: Marker,
    /// Line width in CSS pixels.
    pub width: f64,
}

/// The style of each ion: K⁺ long dashes and circles, Na⁺ short dashes and
/// triangles, Cl⁻ dash-dot and squares, Ca²⁺ dots and diamonds.
pub fn ion_style(ion: Ion) -> SeriesStyle {
    let (dash, marker): (&'static [f64], Marker) = match ion {
        Ion::K => (&[9.0, 4.0], Marker::Circle),
        Ion::Na => (&[4.0, 3.0], Marker::Triangle),
        Ion::Cl => (&[9.0, 3.0, 2.0, 3.0], Marker::Square),
        Ion::Ca => (&[2.0, 3.0], Marker::Diamond),
    };
    SeriesStyle {
        colour: ion_colour(ion),
        dash,
        marker,
        width: 2.0,
    }
}

/// The pump's style: orange, long-short dashes, a point-down triangle.
pub const PUMP_STYLE: SeriesStyle = SeriesStyle {
    colour: PUMP,
    dash: &[12.0, 3.0, 4.0, 3.0],
    marker: Marker::TriangleDown,
    width: 2.0,
};

/// The membrane voltage and the total current: solid, dark, thicker.
pub const TOTAL_STYLE: SeriesStyle = SeriesStyle {
    colour: INK,
    dash: &[],
    marker: Marker::None,
    width: 2.5,
};

/// A reference voltage on the V chart (the applications lesson's firing
/// threshold): a dark red dash-dot line with no marker.
pub const THRESHOLD_STYLE: SeriesStyle = SeriesStyle {
    colour: hex("#a3122f"),
    dash: &[9.0, 3.0, 2.0, 3.0],
    marker: Marker::None,
    width: 1.5,
};

/// The moment looked back at on the timeline: a thin dark line across the
/// time charts.
pub const CURSOR_STYLE: SeriesStyle = SeriesStyle {
    colour: hex("#333b44"),
    dash: &[2.0, 3.0],
    marker: Marker::None,
    width: 1.5,
};

/// Relative volume: solid grey.
pub const VOLUME_STYLE: SeriesStyle = SeriesStyle {
    colour: MUTED,
    dash: &[],
    marker: Marker::None,
    width: 2.0,
};

/// The sweep's GHK curve (the leaks alone at the present inside
/// concentrations): grey, medium dashes, diamonds.
pub const GHK_STYLE: SeriesStyle = SeriesStyle {
    colour: MUTED,
    dash: &[6.0, 4.0],
    marker: Marker::Diamond,
    width: 2.0,
};

/// The sweep's curve of V after a time of ouabain: the pump's orange, solid,
/// a point-down triangle at every run-down.
pub const AFTER_OUABAIN_STYLE: SeriesStyle = SeriesStyle {
    colour: PUMP,
    dash: &[],
    marker: Marker::TriangleDown,
    width: 2.0,
};

/// The cell as it is now, a point on the sweep's curves.
pub const PRESENT_STYLE: SeriesStyle = SeriesStyle {
    colour: HELD,
    dash: &[],
    marker: Marker::Circle,
    width: 2.0,
};
