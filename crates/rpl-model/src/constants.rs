//! Physical constants (CODATA 2018 exact values where exact).

/// Gas constant R, J/(mol·K).
pub const R: f64 = 8.314_462_618;
/// Faraday constant F, C/mol.
pub const F: f64 = 96_485.332_12;
/// Avogadro constant, 1/mol.
pub const N_A: f64 = 6.022_140_76e23;
/// Molar volume of water, cm³/mol (for osmotic water flow).
pub const WATER_MOLAR_VOLUME_CM3: f64 = 18.0;
