//! The nine lessons, in the order of the course text
//! (`course/resting-membrane-potential.zh.md`), with the functions that read
//! each question's answer from the model.
//!
//! Every text of a lesson is a key of `rpl-text`'s table, written in
//! `crates/rpl-text/locales/{en,zh}/lessons.toml` (`lesson.<id>.title`,
//! `.intro`, `.step.N`, `.notice.N`, `.question`, `.option.N`,
//! `.explanation`, and the sections' headings `course.*`). The
//! explanations are templates whose `{holes}` the measuring functions fill
//! with the model's numbers.
//!
//! The Chinese texts follow the course text's terms: 静息膜电位, 平衡电位 /
//! 能斯特电位, 稳态 and 平衡态, 反转电位, 哇巴因, 钠钾泵 (Na⁺/K⁺-ATP 酶),
//! 通透性, 驱动力, 电压钳.

use crate::question::{Answer, ModelAnswer, Question, QuestionKind, Tolerance};
use crate::text::{mv, mv_signed, number, quantity, scientific, Message, Text};
use crate::{Hidden, KeyControl, Lesson};
use rpl_model::scenario::Panels;
use rpl_model::{
    Excitability, Ion, Key, Millivolts, ModelError, Readouts, Seconds, Simulation, StimulusSpec,
    SynapseKind, SynapseSpec, Threshold,
};

/// The text with this key in the locale files (`lessons.toml`); used in
/// constants, so a key missing there does not compile.
const fn t(key: &'static str) -> Text {
    Text::new(key)
}

const fn panels(
    membrane: bool,
    voltage: bool,
    concentrations: bool,
    currents: bool,
    clamp: bool,
    sweep: bool,
) -> Panels {
    Panels {
        membrane,
        voltage,
        concentrations,
        currents,
        clamp,
        sweep,
    }
}

const VOLTAGE_RANGE: (f64, f64) = (-200.0, 200.0);

const fn voltage_question(tolerance_mv: f64) -> QuestionKind {
    QuestionKind::Number {
        unit: "mV",
        min: VOLTAGE_RANGE.0,
        max: VOLTAGE_RANGE.1,
        decimals: 1,
        tolerance: Tolerance::Absolute(tolerance_mv),
    }
}

/// The steady state of a lesson's scenario, before its after-start commands.
fn resting(lesson_id: &str) -> Result<Readouts, ModelError> {
    let lesson = crate::lesson(lesson_id).ok_or_else(|| crate::unknown_lesson(lesson_id))?;
    Ok(Simulation::new(lesson.scenario()?)?.readouts())
}

fn mm(x: f64) -> String {
    quantity(x, 1, "mM")
}

fn ua(x: f64) -> String {
    quantity(x, 3, "µA/cm²")
}

// ---------------------------------------------------------------- 1 battery

fn measure_battery(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r = sim.readouts();
    let c = r.c_in_mm;
    let a = r.impermeant_mm;
    let frac = scientific(r.membrane_charge_fraction_of_k);
    let (na, k, cl, am, v) = (mm(c.na), mm(c.k), mm(c.cl), mm(a), mv(r.v_mv));
    let explanation = Message::fill(
        const { t("lesson.battery.explanation") },
        &[
            ("na", &na),
            ("k", &k),
            ("cl", &cl),
            ("am", &am),
            ("v", &v),
            ("frac", &frac),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Number(a),
        explanation,
    })
}

// ---------------------------------------------------------------- 2 k-only

/// Options of the k-only question: how much of the cell's K⁺ must leave.
const K_ONLY_OPTIONS: [Text; 3] = [
    t("lesson.k-only.option.1"),
    t("lesson.k-only.option.2"),
    t("lesson.k-only.option.3"),
];

fn measure_k_only(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r = sim.readouts();
    let f = r.moved_fraction.k;
    let index = if f > 1e-2 {
        0
    } else if f >= 1e-4 {
        1
    } else {
        2
    };
    let content = if f > 0.0 { r.moved_ions.k / f } else { 0.0 };
    let (time, v, ek) = (quantity(r.t_s * 1e3, 0, "ms"), mv(r.v_mv), mv(r.e_mv.k));
    let gap = quantity((r.v_mv - r.e_mv.k).abs(), 2, "mV");
    let (n, total, fs) = (
        scientific(r.moved_ions.k),
        scientific(content),
        scientific(f),
    );
    let explanation = Message::fill(
        const { t("lesson.k-only.explanation") },
        &[
            ("time", &time),
            ("v", &v),
            ("gap", &gap),
            ("ek", &ek),
            ("n", &n),
            ("total", &total),
            ("fs", &fs),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 3 astrocyte

fn measure_astrocyte(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r = sim.readouts();
    let (v, ek, ena) = (mv(r.v_mv), mv(r.e_mv.k), mv(r.e_mv.na));
    let gap = quantity((r.v_mv - r.e_mv.k).abs(), 1, "mV");
    let explanation = Message::fill(
        const { t("lesson.astrocyte.explanation") },
        &[("v", &v), ("ek", &ek), ("gap", &gap), ("ena", &ena)],
    );
    Ok(ModelAnswer {
        answer: Answer::Number(r.v_mv),
        explanation,
    })
}

// ---------------------------------------------------------------- 4 ghk

/// The GHK lesson's cell (leaks only) at rest with P_Na / P_K = `ratio`, mV.
pub fn ghk_leak_v(ratio: f64) -> Result<f64, ModelError> {
    let lesson = crate::lesson("ghk").ok_or_else(|| crate::unknown_lesson("ghk"))?;
    let mut s = lesson.scenario()?;
    Key::PermRel(Ion::Na).set(&mut s, ratio)?;
    Ok(Simulation::new(s)?.readouts().v_zero_current_mv)
}

/// P_K : P_Na (the `N` of `N : 1`) at which the GHK lesson's cell rests at
/// `v_mv` with its leaks alone: V rises with P_Na, so a bisection on the
/// logarithm of the ratio between 1 : 1 and 1000 : 1 finds it.
pub fn ghk_ratio_for(v_mv: f64) -> Result<f64, ModelError> {
    let (mut lo, mut hi) = ((1e-3f64).ln(), 0.0f64);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if ghk_leak_v(mid.exp())? < v_mv {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(1.0 / (0.5 * (lo + hi)).exp())
}

/// The resting potential the course text gives for P_K : P_Na of 50–100 : 1.
pub const COURSE_REST_MV: f64 = -70.0;

fn measure_ghk(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let before = resting("ghk")?;
    let r = sim.readouts();
    let (v0, v, ek, ena) = (mv(before.v_mv), mv(r.v_mv), mv(r.e_mv.k), mv(r.e_mv.na));
    let shift = mv_signed(r.v_mv - before.v_mv);
    // The course text's round numbers, checked against this model.
    let v50 = mv(ghk_leak_v(1.0 / 50.0)?);
    let v100 = mv(ghk_leak_v(1.0 / 100.0)?);
    let n70 = number(ghk_ratio_for(COURSE_REST_MV)?, 0);
    let explanation = Message::fill(
        const { t("lesson.ghk.explanation") },
        &[
            ("v0", &v0),
            ("ek", &ek),
            ("v", &v),
            ("shift", &shift),
            ("ena", &ena),
            ("v50", &v50),
            ("v100", &v100),
            ("n70", &n70),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Number(r.v_mv),
        explanation,
    })
}

// ---------------------------------------------------------------- 5 pump-leak

fn measure_pump_leak(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r = sim.readouts();
    let na_in = -r.leak_efflux_ions_s.na;
    let k_out = r.leak_efflux_ions_s.k;
    let cycles = r.pump_cycles_s;
    let (na, k, c, atp) = (
        scientific(na_in),
        scientific(k_out),
        scientific(cycles),
        scientific(r.atp_s),
    );
    let (na3, k2) = (scientific(3.0 * cycles), scientific(2.0 * cycles));
    let ip = ua(r.pump_current_ua_cm2);
    let explanation = Message::fill(
        const { t("lesson.pump-leak.explanation") },
        &[
            ("na", &na),
            ("k", &k),
            ("c", &c),
            ("atp", &atp),
            ("na3", &na3),
            ("k2", &k2),
            ("ip", &ip),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Number(r.atp_s),
        explanation,
    })
}

// ---------------------------------------------------------------- 6 ouabain

fn measure_ouabain(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let before = resting("ouabain")?;
    let r = sim.readouts();
    let (v0, v, ek0, ek) = (mv(before.v_mv), mv(r.v_mv), mv(before.e_mv.k), mv(r.e_mv.k));
    let (na0, na, k0, k) = (
        mm(before.c_in_mm.na),
        mm(r.c_in_mm.na),
        mm(before.c_in_mm.k),
        mm(r.c_in_mm.k),
    );
    let vol = number(r.volume_rel, 2);
    let explanation = Message::fill(
        const { t("lesson.ouabain.explanation") },
        &[
            ("v0", &v0),
            ("v", &v),
            ("na0", &na0),
            ("na", &na),
            ("k0", &k0),
            ("k", &k),
            ("ek0", &ek0),
            ("ek", &ek),
            ("vol", &vol),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Number(r.v_mv),
        explanation,
    })
}

// ---------------------------------------------------------------- 7 steady-state

/// Options of the steady-state question: what K⁺ does in its channels at rest.
const STEADY_OPTIONS: [Text; 3] = [
    t("lesson.steady-state.option.1"),
    t("lesson.steady-state.option.2"),
    t("lesson.steady-state.option.3"),
];

fn measure_steady_state(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r = sim.readouts();
    let k = r.leak_efflux_ions_s.k;
    let na = r.leak_efflux_ions_s.na;
    let index = if k.abs() < 1e-3 * na.abs() {
        1
    } else if k > 0.0 {
        0
    } else {
        2
    };
    let (v, ek, ecl) = (mv(r.v_mv), mv(r.e_mv.k), mv(r.e_mv.cl));
    let (dk, dna) = (
        mv_signed(r.driving_force_mv.k),
        mv_signed(r.driving_force_mv.na),
    );
    let (ks, nas, c) = (scientific(k), scientific(-na), scientific(r.pump_cycles_s));
    let net = ua(r.net_current_ua_cm2);
    let explanation = Message::fill(
        const { t("lesson.steady-state.explanation") },
        &[
            ("v", &v),
            ("ek", &ek),
            ("dk", &dk),
            ("ks", &ks),
            ("dna", &dna),
            ("nas", &nas),
            ("c", &c),
            ("net", &net),
            ("ecl", &ecl),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 8 reversal

/// Options of the reversal question: the total current with V clamped at E_K.
const REVERSAL_OPTIONS: [Text; 3] = [
    t("lesson.reversal.option.1"),
    t("lesson.reversal.option.2"),
    t("lesson.reversal.option.3"),
];

fn measure_reversal(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r = sim.readouts();
    let at_ek = sim.clamp(Millivolts(r.e_mv.k));
    let at_rest = sim.clamp(Millivolts(r.v_mv));
    let scale = r.leak_current_ua_cm2.na.abs().max(1e-12);
    let total = at_ek.total_ua_cm2;
    let index = if total.abs() < 1e-3 * scale {
        1
    } else if total > 0.0 {
        0
    } else {
        2
    };
    let (ek, v) = (mv(r.e_mv.k), mv(r.v_mv));
    let (ik, ina, icl, ip, tot) = (
        ua(at_ek.leak_ua_cm2.k),
        ua(at_ek.leak_ua_cm2.na),
        ua(at_ek.leak_ua_cm2.cl),
        ua(at_ek.pump_ua_cm2),
        ua(total),
    );
    let tot_rest = ua(at_rest.total_ua_cm2);
    let explanation = Message::fill(
        const { t("lesson.reversal.explanation") },
        &[
            ("ek", &ek),
            ("ik", &ik),
            ("ina", &ina),
            ("icl", &icl),
            ("ip", &ip),
            ("tot", &tot),
            ("v", &v),
            ("tot_rest", &tot_rest),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 9 applications

/// The pulse the applications lesson's threshold is for, ms.
const APPLICATIONS_PULSE_MS: f64 = 1.0;

/// The cell `sim` left alone for 0.2 s (as the page's threshold does): its
/// readouts and its threshold for a 1 ms pulse (an error when it has none:
/// the lesson's neuron has one at every K⁺ₒ it asks about).
fn settled_threshold(sim: &Simulation) -> Result<(Readouts, Threshold), ModelError> {
    let mut copy = sim.clone();
    copy.stop_stimulus();
    copy.advance(Seconds(0.2))?;
    match copy.excitability(APPLICATIONS_PULSE_MS)? {
        Excitability::Threshold(th) => Ok((copy.readouts(), th)),
        other => Err(ModelError::NoConvergence {
            what: rpl_model::error::Solver::LessonQuestion,
            detail: format!(
                "the neuron has no threshold here: {}",
                match other {
                    Excitability::NoChannels => "it has no voltage-gated channels".to_string(),
                    Excitability::FiresUnprovoked => "it fires with no stimulus".to_string(),
                    Excitability::NoSpike { up_to_ua_cm2 } => format!(
                        "no pulse up to {} µA/cm² gives a spike",
                        rpl_model::error::short_number(up_to_ua_cm2)
                    ),
                    Excitability::Threshold(_) => unreachable!(),
                }
            ),
        }),
    }
}

fn measure_applications(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let lesson =
        crate::lesson("applications").ok_or_else(|| crate::unknown_lesson("applications"))?;
    let (normal, th0) = settled_threshold(&lesson.start()?)?;
    let (r, th) = settled_threshold(sim)?;
    let mut hypo = lesson.scenario()?;
    Key::Outside(Ion::K).set(&mut hypo, 2.5)?;
    let (hypo, thh) = settled_threshold(&Simulation::new(hypo)?)?;
    let nearer = th0.distance_mv - th.distance_mv;
    let current = |t: &Threshold| quantity(t.rheobase_ua_cm2, 1, "µA/cm²");
    let explanation = Message::fill(
        const { t("lesson.applications.explanation") },
        &[
            ("v0", &mv(normal.v_mv)),
            ("th0", &mv(th0.v_threshold_mv)),
            ("d0", &mv(th0.distance_mv)),
            ("i0", &current(&th0)),
            ("ek0", &mv(normal.e_mv.k)),
            ("ek", &mv(r.e_mv.k)),
            ("v", &mv(r.v_mv)),
            ("th", &mv(th.v_threshold_mv)),
            ("d", &mv(th.distance_mv)),
            ("i", &current(&th)),
            ("dd", &mv(nearer)),
            ("vh", &mv(hypo.v_mv)),
            ("dh", &mv(thh.distance_mv)),
            ("ih", &current(&thh)),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Number(nearer),
        explanation,
    })
}

// ---------------------------------------------------------------- the lessons

const H_PRINCIPLES: Text = t("course.principles");
const H_K_ONLY: Text = t("course.k-only");
const H_GHK: Text = t("course.ghk");
const H_PUMP: Text = t("course.pump");
const H_STEADY: Text = t("course.steady");
// ---------------------------------------------------------------- 10 excitability

/// Options of the excitability question: what a 1 ms pulse does at K⁺ₒ 100 mM.
const EXCITABILITY_OPTIONS: [Text; 3] = [
    t("lesson.excitability.option.1"),
    t("lesson.excitability.option.2"),
    t("lesson.excitability.option.3"),
];

/// The pulse the excitability lesson's threshold is for, ms.
const EXCITABILITY_PULSE_MS: f64 = 1.0;

/// The cell `sim` left alone for 0.2 s (as the page's threshold does), its
/// V, its Na⁺ channels' availability h and its excitability.
fn settled(sim: &Simulation) -> Result<(f64, f64, Excitability), ModelError> {
    let mut copy = sim.clone();
    copy.stop_stimulus();
    copy.advance(Seconds(0.2))?;
    let h = copy.state()[rpl_model::system::IH];
    Ok((
        copy.voltage().0,
        h,
        copy.excitability(EXCITABILITY_PULSE_MS)?,
    ))
}

fn measure_excitability(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let lesson =
        crate::lesson("excitability").ok_or_else(|| crate::unknown_lesson("excitability"))?;
    let (v0, h0, before) = settled(&lesson.start()?)?;
    let Excitability::Threshold(th0) = before else {
        return Err(ModelError::NoConvergence {
            what: rpl_model::error::Solver::LessonQuestion,
            detail: "the axon has no threshold at its start".into(),
        });
    };
    let (v, h, after) = settled(sim)?;
    let index = match after {
        Excitability::Threshold(th) if th.rheobase_ua_cm2 < th0.rheobase_ua_cm2 => 0,
        Excitability::Threshold(_) | Excitability::FiresUnprovoked => 1,
        Excitability::NoSpike { .. } | Excitability::NoChannels => 2,
    };
    let percent = |x: f64| format!("{} %", number(100.0 * x, 0));
    let explanation = Message::fill(
        const { t("lesson.excitability.explanation") },
        &[
            ("v0", &mv(v0)),
            ("vth", &mv(th0.v_threshold_mv)),
            ("d0", &mv(th0.distance_mv)),
            ("i0", &quantity(th0.rheobase_ua_cm2, 1, "µA/cm²")),
            ("h0", &percent(h0)),
            ("v", &mv(v)),
            ("h", &percent(h)),
            (
                "imax",
                &quantity(rpl_model::simulation::STIM_AMPLITUDE_MAX, 0, "µA/cm²"),
            ),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 11 synapse

/// How long the page's synapse buttons open their synapse, ms.
pub const SYNAPSE_PULSE_MS: f64 = 100.0;

/// The permeability the page's synapse buttons open, relative to the cell's
/// K⁺ leak P_K: the excitatory synapse's (to Na⁺ and to K⁺ each) and the
/// inhibitory one's (to Cl⁻). On the neuron at rest (with KCC2, as in the
/// synapse lesson) a press takes V from −75.7 mV to −55.4 mV and to
/// −82.0 mV respectively, within 1.3 mV of E_Cl: each synapse clearly
/// pulls V toward its reversal potential, and the pulse is long enough
/// (several membrane time constants) to be seen at real-time speed.
pub const SYNAPSE_REL: [(SynapseKind, f64); 2] = [
    (SynapseKind::Excitatory, 0.1),
    (SynapseKind::Inhibitory, 10.0),
];

/// P_K the synapse buttons scale from when the cell has no K⁺ leak, cm/s:
/// the neuron preset's.
pub const SYNAPSE_P_K_FALLBACK: f64 = 5e-7;

/// The pulse a synapse button gives the cell `sim`: its synapse open for
/// [`SYNAPSE_PULSE_MS`] with [`SYNAPSE_REL`] times the cell's P_K, to six
/// significant digits.
pub fn synapse_button(sim: &Simulation, kind: SynapseKind) -> SynapseSpec {
    let p_k = sim.scenario().permeability_cm_s.get(Ion::K);
    let p_k = if p_k > 0.0 { p_k } else { SYNAPSE_P_K_FALLBACK };
    let rel = SYNAPSE_REL
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(1.0, |(_, r)| *r);
    // Six significant digits: 10 × 5e-7 is written 0.000005 in a link, not
    // 0.0000049999999999999996.
    let p = rel * p_k;
    let p = rpl_model::parse_f64(&rpl_model::decimal::Exp(p, Some(5)).to_string()).unwrap_or(p);
    SynapseSpec::pulse(kind, p, SYNAPSE_PULSE_MS)
}

/// V before and at the end of one press of a synapse button on a copy of
/// `sim`, mV, and E_Cl at the press.
fn synapse_press(sim: &Simulation, kind: SynapseKind) -> Result<(f64, f64, f64), ModelError> {
    let mut copy = sim.clone();
    copy.stop_stimulus();
    let before = copy.voltage().0;
    let e_cl = copy.synaptic_readouts().e_inh_mv;
    copy.synapse(&synapse_button(&copy, kind))?;
    copy.advance(Seconds(SYNAPSE_PULSE_MS * 1e-3))?;
    Ok((before, copy.voltage().0, e_cl))
}

/// Options of the synapse question: what the inhibitory synapse does to a
/// cell held below E_Cl.
const SYNAPSE_OPTIONS: [Text; 3] = [
    t("lesson.synapse.option.1"),
    t("lesson.synapse.option.2"),
    t("lesson.synapse.option.3"),
];

/// How far V must move in one press for the synapse question to call it a
/// move, mV.
const SYNAPSE_STILL_MV: f64 = 0.2;

fn measure_synapse(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let lesson = crate::lesson("synapse").ok_or_else(|| crate::unknown_lesson("synapse"))?;
    let (v0, v0_end, e_cl0) = synapse_press(&lesson.start()?, SynapseKind::Inhibitory)?;
    let (v, v_end, e_cl) = synapse_press(sim, SynapseKind::Inhibitory)?;
    let dv = v_end - v;
    let index = if dv.abs() < SYNAPSE_STILL_MV {
        2
    } else if dv < 0.0 {
        0
    } else {
        1
    };
    let explanation = Message::fill(
        const { t("lesson.synapse.explanation") },
        &[
            ("v0", &mv(v0)),
            ("ecl0", &mv(e_cl0)),
            ("dv0", &mv_signed(v0_end - v0)),
            ("v", &mv(v)),
            ("ecl", &mv(e_cl)),
            ("dv", &mv_signed(dv)),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 12 pump-train

/// The spike train of the pump-train lesson: 250 pulses of 40 µA/cm² for
/// 1 ms at 50 Hz (five seconds), the Stimulate box's pulse (which fires the
/// lesson's neuron at every pulse) given 250 times.
pub const PUMP_TRAIN: StimulusSpec = StimulusSpec {
    amplitude_ua_cm2: 40.0,
    duration_ms: 1.0,
    rate_hz: 50.0,
    count: 250,
};

/// How long after the train the pump-train lesson reads V, s.
pub const PUMP_TRAIN_AFTER_S: f64 = 0.5;

/// How far V must move for the pump-train question to call it a change, mV.
const PUMP_TRAIN_SAME_MV: f64 = 0.1;

/// Options of the pump-train question: where V sits after the train.
const PUMP_TRAIN_OPTIONS: [Text; 3] = [
    t("lesson.pump-train.option.1"),
    t("lesson.pump-train.option.2"),
    t("lesson.pump-train.option.3"),
];

/// A copy of `sim` given [`PUMP_TRAIN`] and left [`PUMP_TRAIN_AFTER_S`]
/// after it: its readouts and spike count.
pub fn after_pump_train(sim: &Simulation) -> Result<(Readouts, u64), ModelError> {
    let mut copy = sim.clone();
    copy.stop_stimulus();
    copy.set_step_budget(rpl_model::integrator::MAX_STEPS);
    let before = copy.spikes().count();
    copy.stimulate(&PUMP_TRAIN)?;
    let train_s = f64::from(PUMP_TRAIN.count) / PUMP_TRAIN.rate_hz;
    copy.advance(Seconds(train_s + PUMP_TRAIN_AFTER_S))?;
    Ok((copy.readouts(), copy.spikes().count() - before))
}

fn measure_pump_train(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r0 = sim.readouts();
    let (r1, spikes) = after_pump_train(sim)?;
    let dv = r1.v_mv - r0.v_mv;
    let index = if dv.abs() < PUMP_TRAIN_SAME_MV {
        1
    } else if dv < 0.0 {
        0
    } else {
        2
    };
    let explanation = Message::fill(
        const { t("lesson.pump-train.explanation") },
        &[
            ("v0", &mv(r0.v_mv)),
            ("na0", &mm(r0.c_in_mm.na)),
            ("ip0", &ua(r0.pump_current_ua_cm2)),
            ("n", &spikes.to_string()),
            ("na1", &mm(r1.c_in_mm.na)),
            ("ip1", &ua(r1.pump_current_ua_cm2)),
            ("v1", &mv(r1.v_mv)),
            ("dv", &mv_signed(dv)),
        ],
    );
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

const H_APPLICATIONS: Text = t("course.applications");

/// The twelve lessons.
pub static LESSONS: [Lesson; 12] = [
    Lesson {
        id: "battery",
        section: 1,
        course_heading: H_PRINCIPLES,
        title: t("lesson.battery.title"),
        intro: t("lesson.battery.intro"),
        steps: &[
            t("lesson.battery.step.1"),
            t("lesson.battery.step.2"),
            t("lesson.battery.step.3"),
        ],
        notice: &[t("lesson.battery.notice.1"), t("lesson.battery.notice.2")],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 60.0,
        speed: 1.0,
        panels: panels(true, true, true, false, false, false),
        hides: &[Hidden::Impermeant],
        sweep: None,
        key_control: None,
        question: Question {
            lesson_id: "battery",
            field: "A_i",
            prompt: t("lesson.battery.question"),
            kind: QuestionKind::Number {
                unit: "mM",
                min: 0.0,
                max: 1000.0,
                decimals: 0,
                tolerance: Tolerance::Absolute(10.0),
            },
            commands: &[],
            run_s: 1.0,
            measure: measure_battery,
        },
    },
    Lesson {
        id: "k-only",
        section: 2,
        course_heading: H_K_ONLY,
        title: t("lesson.k-only.title"),
        intro: t("lesson.k-only.intro"),
        steps: &[
            t("lesson.k-only.step.1"),
            t("lesson.k-only.step.2"),
            t("lesson.k-only.step.3"),
        ],
        notice: &[t("lesson.k-only.notice.1"), t("lesson.k-only.notice.2")],
        preset: "k-only",
        overrides: &[],
        after_start: &[],
        duration_s: 0.2,
        speed: 0.04,
        panels: panels(true, true, false, true, false, false),
        hides: &[Hidden::MovedIons],
        sweep: None,
        key_control: None,
        question: Question {
            lesson_id: "k-only",
            field: "K_moved_fraction",
            prompt: t("lesson.k-only.question"),
            kind: QuestionKind::Choice {
                options: &K_ONLY_OPTIONS,
            },
            commands: &[],
            run_s: 0.2,
            measure: measure_k_only,
        },
    },
    Lesson {
        id: "astrocyte",
        section: 3,
        course_heading: H_K_ONLY,
        title: t("lesson.astrocyte.title"),
        intro: t("lesson.astrocyte.intro"),
        steps: &[
            t("lesson.astrocyte.step.1"),
            t("lesson.astrocyte.step.2"),
            t("lesson.astrocyte.step.3"),
        ],
        notice: &[t("lesson.astrocyte.notice.1")],
        preset: "astrocyte",
        overrides: &[],
        after_start: &[],
        duration_s: 10.0,
        speed: 1.0,
        panels: panels(true, true, false, true, false, false),
        hides: &[Hidden::Voltage],
        sweep: None,
        key_control: None,
        question: Question {
            lesson_id: "astrocyte",
            field: "V_rest",
            prompt: t("lesson.astrocyte.question"),
            kind: voltage_question(5.0),
            commands: &[],
            run_s: 1.0,
            measure: measure_astrocyte,
        },
    },
    Lesson {
        id: "ghk",
        section: 4,
        course_heading: H_GHK,
        title: t("lesson.ghk.title"),
        intro: t("lesson.ghk.intro"),
        steps: &[
            t("lesson.ghk.step.1"),
            t("lesson.ghk.step.2"),
            t("lesson.ghk.step.3"),
            t("lesson.ghk.step.4"),
        ],
        notice: &[t("lesson.ghk.notice.1"), t("lesson.ghk.notice.2")],
        preset: "neuron",
        // pump 0 = off, start 1 = as given
        overrides: &[
            (Key::PermRel(Ion::Na), 0.02),
            (Key::Pump, 0.0),
            (Key::Start, 1.0),
        ],
        after_start: &[],
        duration_s: 5.0,
        speed: 0.5,
        panels: panels(true, true, false, true, false, true),
        hides: &[Hidden::Sweep],
        sweep: Some(Key::PermRel(Ion::Na)),
        key_control: Some(KeyControl::Param(Key::PermRel(Ion::Na))),
        question: Question {
            lesson_id: "ghk",
            field: "V_after_P_Na_raised",
            prompt: t("lesson.ghk.question"),
            kind: voltage_question(5.0),
            commands: &[(Key::PermRel(Ion::Na), 0.1)],
            run_s: 1.0,
            measure: measure_ghk,
        },
    },
    Lesson {
        id: "pump-leak",
        section: 5,
        course_heading: H_PUMP,
        title: t("lesson.pump-leak.title"),
        intro: t("lesson.pump-leak.intro"),
        steps: &[
            t("lesson.pump-leak.step.1"),
            t("lesson.pump-leak.step.2"),
            t("lesson.pump-leak.step.3"),
        ],
        notice: &[
            t("lesson.pump-leak.notice.1"),
            t("lesson.pump-leak.notice.2"),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 60.0,
        speed: 1.0,
        panels: panels(true, true, true, true, false, false),
        hides: &[Hidden::PumpRate],
        sweep: None,
        key_control: Some(KeyControl::Param(Key::Inside(Ion::Na))),
        question: Question {
            lesson_id: "pump-leak",
            field: "ATP_per_s",
            prompt: t("lesson.pump-leak.question"),
            kind: QuestionKind::Number {
                unit: "ATP/s",
                min: 0.0,
                max: 1e15,
                decimals: 0,
                tolerance: Tolerance::Relative(0.15),
            },
            commands: &[],
            run_s: 1.0,
            measure: measure_pump_leak,
        },
    },
    Lesson {
        id: "ouabain",
        section: 6,
        course_heading: H_PUMP,
        title: t("lesson.ouabain.title"),
        intro: t("lesson.ouabain.intro"),
        steps: &[
            t("lesson.ouabain.step.1"),
            t("lesson.ouabain.step.2"),
            t("lesson.ouabain.step.3"),
        ],
        notice: &[t("lesson.ouabain.notice.1"), t("lesson.ouabain.notice.2")],
        preset: "neuron",
        overrides: &[],
        after_start: &[(Key::Ouabain, 1.0)],
        duration_s: 7200.0,
        speed: 600.0,
        panels: panels(true, true, true, false, false, false),
        hides: &[],
        sweep: None,
        key_control: Some(KeyControl::Param(Key::Ouabain)),
        question: Question {
            lesson_id: "ouabain",
            field: "V_after_2h",
            prompt: t("lesson.ouabain.question"),
            kind: voltage_question(5.0),
            commands: &[],
            run_s: 7200.0,
            measure: measure_ouabain,
        },
    },
    Lesson {
        id: "steady-state",
        section: 7,
        course_heading: H_STEADY,
        title: t("lesson.steady-state.title"),
        intro: t("lesson.steady-state.intro"),
        steps: &[
            t("lesson.steady-state.step.1"),
            t("lesson.steady-state.step.2"),
        ],
        notice: &[
            t("lesson.steady-state.notice.1"),
            t("lesson.steady-state.notice.2"),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 10.0,
        speed: 1.0,
        panels: panels(true, true, false, true, false, false),
        hides: &[Hidden::CurrentsCaption],
        sweep: None,
        key_control: None,
        question: Question {
            lesson_id: "steady-state",
            field: "K_leak_at_rest",
            prompt: t("lesson.steady-state.question"),
            kind: QuestionKind::Choice {
                options: &STEADY_OPTIONS,
            },
            commands: &[],
            run_s: 1.0,
            measure: measure_steady_state,
        },
    },
    Lesson {
        id: "reversal",
        section: 8,
        course_heading: H_STEADY,
        title: t("lesson.reversal.title"),
        intro: t("lesson.reversal.intro"),
        steps: &[t("lesson.reversal.step.1"), t("lesson.reversal.step.2")],
        notice: &[t("lesson.reversal.notice.1"), t("lesson.reversal.notice.2")],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 1.0,
        speed: 1.0,
        panels: panels(false, true, false, true, true, false),
        hides: &[],
        sweep: None,
        key_control: Some(KeyControl::Clamp),
        question: Question {
            lesson_id: "reversal",
            field: "I_total_at_E_K",
            prompt: t("lesson.reversal.question"),
            kind: QuestionKind::Choice {
                options: &REVERSAL_OPTIONS,
            },
            commands: &[],
            run_s: 0.0,
            measure: measure_reversal,
        },
    },
    Lesson {
        id: "applications",
        section: 9,
        course_heading: H_APPLICATIONS,
        title: t("lesson.applications.title"),
        intro: t("lesson.applications.intro"),
        steps: &[
            t("lesson.applications.step.1"),
            t("lesson.applications.step.2"),
            t("lesson.applications.step.3"),
            t("lesson.applications.step.4"),
        ],
        notice: &[
            t("lesson.applications.notice.1"),
            t("lesson.applications.notice.2"),
        ],
        preset: "neuron-rs",
        overrides: &[],
        after_start: &[],
        duration_s: 600.0,
        speed: 30.0,
        panels: panels(true, true, true, false, false, true),
        hides: &[Hidden::Sweep, Hidden::Threshold],
        sweep: Some(Key::Outside(Ion::K)),
        key_control: Some(KeyControl::Param(Key::Outside(Ion::K))),
        question: Question {
            lesson_id: "applications",
            field: "nearer_to_threshold",
            prompt: t("lesson.applications.question"),
            kind: voltage_question(3.0),
            commands: &[(Key::Outside(Ion::K), 8.0)],
            run_s: 600.0,
            measure: measure_applications,
        },
    },
    Lesson {
        id: "excitability",
        section: 10,
        course_heading: H_APPLICATIONS,
        title: t("lesson.excitability.title"),
        intro: t("lesson.excitability.intro"),
        steps: &[
            t("lesson.excitability.step.1"),
            t("lesson.excitability.step.2"),
            t("lesson.excitability.step.3"),
        ],
        notice: &[
            t("lesson.excitability.notice.1"),
            t("lesson.excitability.notice.2"),
        ],
        preset: "squid-axon-hh",
        overrides: &[],
        after_start: &[],
        duration_s: 0.05,
        speed: 0.01,
        panels: panels(true, true, false, false, false, false),
        hides: &[Hidden::Threshold],
        sweep: None,
        key_control: Some(KeyControl::Param(Key::Outside(Ion::K))),
        question: Question {
            lesson_id: "excitability",
            field: "pulse_at_high_K_o",
            prompt: t("lesson.excitability.question"),
            kind: QuestionKind::Choice {
                options: &EXCITABILITY_OPTIONS,
            },
            commands: &[(Key::Outside(Ion::K), 100.0)],
            run_s: 0.0,
            measure: measure_excitability,
        },
    },
    Lesson {
        id: "synapse",
        section: 11,
        course_heading: H_APPLICATIONS,
        title: t("lesson.synapse.title"),
        intro: t("lesson.synapse.intro"),
        steps: &[
            t("lesson.synapse.step.1"),
            t("lesson.synapse.step.2"),
            t("lesson.synapse.step.3"),
        ],
        notice: &[t("lesson.synapse.notice.1"), t("lesson.synapse.notice.2")],
        preset: "neuron",
        overrides: &[(Key::Kcc2, 2e-5)],
        after_start: &[],
        duration_s: 1.0,
        speed: 0.1,
        panels: panels(true, true, false, true, false, false),
        hides: &[],
        sweep: None,
        key_control: Some(KeyControl::Param(Key::Injected)),
        question: Question {
            lesson_id: "synapse",
            field: "inhibitory_synapse_below_E_Cl",
            prompt: t("lesson.synapse.question"),
            kind: QuestionKind::Choice {
                options: &SYNAPSE_OPTIONS,
            },
            commands: &[(Key::Injected, -1.0)],
            run_s: 0.2,
            measure: measure_synapse,
        },
    },
    Lesson {
        id: "pump-train",
        section: 12,
        course_heading: H_APPLICATIONS,
        title: t("lesson.pump-train.title"),
        intro: t("lesson.pump-train.intro"),
        steps: &[t("lesson.pump-train.step.1"), t("lesson.pump-train.step.2")],
        notice: &[
            t("lesson.pump-train.notice.1"),
            t("lesson.pump-train.notice.2"),
        ],
        preset: "neuron-rs",
        overrides: &[(Key::Diameter, 5.0)],
        after_start: &[],
        duration_s: 30.0,
        speed: 1.0,
        panels: panels(true, true, true, true, false, false),
        hides: &[Hidden::Voltage],
        sweep: None,
        key_control: Some(KeyControl::Param(Key::Ouabain)),
        question: Question {
            lesson_id: "pump-train",
            field: "V_after_train",
            prompt: t("lesson.pump-train.question"),
            kind: QuestionKind::Choice {
                options: &PUMP_TRAIN_OPTIONS,
            },
            commands: &[],
            run_s: 0.0,
            measure: measure_pump_train,
        },
    },
];
