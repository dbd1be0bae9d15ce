//! A scenario written as JSON reads back to the same bits: every preset, and
//! numbers whose shortest text is 17 digits (serde_json's default reader can
//! be one bit off on those; the workspace asks for its exact reader).

use rpl_model::{Scenario, Simulation, PRESET_NAMES};

#[test]
fn every_preset_reads_back_to_the_same_bits_and_runs_the_same() {
    for name in PRESET_NAMES {
        let s = Scenario::preset(name).expect("a preset");
        let back = Scenario::from_json(&s.to_json()).expect("reads back");
        assert_eq!(back, s, "{name}");
        assert_eq!(
            back.pump.max_current_ua_cm2.to_bits(),
            s.pump.max_current_ua_cm2.to_bits(),
            "{name}"
        );
        let (a, b) = (
            Simulation::new(s).expect("starts"),
            Simulation::new(back).expect("starts"),
        );
        let bits = |sim: &Simulation| sim.state().map(f64::to_bits);
        assert_eq!(bits(&a), bits(&b), "{name}");
    }
}

#[test]
fn any_double_reads_back_to_the_same_bits() {
    // The case that was one bit off: the immature neuron's pump current.
    let mut s = Scenario::preset("neuron").expect("a preset");
    s.pump.max_current_ua_cm2 = f64::from_bits(0x4006_BF30_B951_1E97);
    let back = Scenario::from_json(&s.to_json()).expect("reads back");
    assert_eq!(
        back.pump.max_current_ua_cm2.to_bits(),
        0x4006_BF30_B951_1E97,
        "{}",
        back.pump.max_current_ua_cm2
    );
    // 20 000 doubles from 0.01 to 500 mM, every bit of the mantissa random.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let unit = f64::from_bits(0x3FF0_0000_0000_0000 | (x >> 12)) - 1.0;
        let k = 0.01 * (50_000.0_f64).powf(unit);
        s.outside_mm.k = k;
        let back = Scenario::from_json(&s.to_json()).expect("reads back");
        assert_eq!(back.outside_mm.k.to_bits(), k.to_bits(), "{k:?}");
    }
}
