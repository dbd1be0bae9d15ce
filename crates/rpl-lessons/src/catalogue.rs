//! The nine lessons, in the order of the course text
//! (`course/resting-membrane-potential.zh.md`), with the functions that read
//! each question's answer from the model.
//!
//! The Chinese texts follow the course text's terms: 静息膜电位, 平衡电位 /
//! 能斯特电位, 稳态 and 平衡态, 反转电位, 哇巴因, 钠钾泵 (Na⁺/K⁺-ATP 酶),
//! 通透性, 驱动力, 电压钳.

use crate::question::{Answer, ModelAnswer, Question, QuestionKind, Tolerance};
use crate::text::{mv, mv_signed, number, quantity, scientific, Lang, Message, Text};
use crate::{Hidden, Lesson};
use rpl_model::scenario::Panels;
use rpl_model::{Ion, Key, Millivolts, ModelError, Readouts, Scenario, Simulation};

/// The firing threshold used in the applications lesson, mV.
pub const THRESHOLD_MV: f64 = -55.0;

const fn t(zh: &'static str, en: &'static str) -> Text {
    Text { zh, en }
}

const fn panels(
    membrane: bool,
    voltage: bool,
    concentrations: bool,
    currents: bool,
    clamp: bool,
) -> Panels {
    Panels {
        membrane,
        voltage,
        concentrations,
        currents,
        clamp,
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
    let explanation = Message::build(|lang| {
        let (na, k, cl, am, v) = (mm(c.na), mm(c.k), mm(c.cl), mm(a), mv(r.v_mv));
        match lang {
            Lang::Zh => format!(
                "模型中细胞内有 Na⁺ {na}、K⁺ {k}，而 Cl⁻ 只有 {cl}，所以必须有约 {am} 的不可透过阴离子（带负电的蛋白质等）来平衡正电荷：{na} + {k} − {cl} ≈ {am}。\
                 膜电位 {v} 只需要很少的未配对电荷：膜上的电荷仅相当于细胞内 K⁺ 的 {frac}，细胞内部几乎严格保持电中性。"
            ),
            Lang::En => format!(
                "In the model the inside holds Na⁺ {na} and K⁺ {k} but only {cl} of Cl⁻, so about {am} of impermeant anions (negatively charged proteins and the like) must balance the charge: {na} + {k} − {cl} ≈ {am}. \
                 The {v} across the membrane needs very little unpaired charge: the charge on the membrane is only {frac} of the cell's K⁺, so the inside is neutral to a very good approximation."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Number(a),
        explanation,
    })
}

// ---------------------------------------------------------------- 2 k-only

/// Options of the k-only question: how much of the cell's K⁺ must leave.
const K_ONLY_OPTIONS: [Text; 3] = [
    t("超过 1%", "more than 1 %"),
    t("万分之一到 1% 之间", "between 1 in 10 000 and 1 %"),
    t("不到万分之一", "less than 1 in 10 000"),
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
    let explanation = Message::build(|lang| {
        let (time, v, ek) = (quantity(r.t_s * 1e3, 0, "ms"), mv(r.v_mv), mv(r.e_mv.k));
        let gap = quantity((r.v_mv - r.e_mv.k).abs(), 2, "mV");
        let (n, total, fs) = (
            scientific(r.moved_ions.k),
            scientific(content),
            scientific(f),
        );
        match lang {
            Lang::Zh => format!(
                "从 0 mV 出发，{time} 后膜电位为 {v}，距 E_K（{ek}）只有 {gap}。\
                 为此离开细胞的 K⁺ 仅约 {n} 个，而细胞内共有约 {total} 个 K⁺，比例约为 {fs}：浓度几乎不变，E_K 也几乎不变。"
            ),
            Lang::En => format!(
                "Starting from 0 mV, after {time} V is {v}, only {gap} from E_K ({ek}). \
                 About {n} K⁺ ions left the cell to do this, out of about {total}: a fraction of {fs}. The concentrations, and E_K with them, hardly change."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 3 astrocyte

fn measure_astrocyte(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let r = sim.readouts();
    let explanation = Message::build(|lang| {
        let (v, ek, ena) = (mv(r.v_mv), mv(r.e_mv.k), mv(r.e_mv.na));
        let gap = quantity((r.v_mv - r.e_mv.k).abs(), 1, "mV");
        match lang {
            Lang::Zh => format!(
                "模型中星形胶质细胞的静息膜电位为 {v}，E_K 为 {ek}，两者只差 {gap}；E_Na（{ena}）几乎没有影响，因为 P_Na 只有 P_K 的 0.5%。"
            ),
            Lang::En => format!(
                "The model astrocyte rests at {v}, with E_K at {ek}: only {gap} apart. E_Na ({ena}) barely matters, because P_Na is only 0.5 % of P_K."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Number(r.v_mv),
        explanation,
    })
}

// ---------------------------------------------------------------- 4 ghk

fn measure_ghk(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let before = resting("ghk")?;
    let r = sim.readouts();
    let explanation = Message::build(|lang| {
        let (v0, v, ek, ena) = (mv(before.v_mv), mv(r.v_mv), mv(r.e_mv.k), mv(r.e_mv.na));
        let shift = mv_signed(r.v_mv - before.v_mv);
        match lang {
            Lang::Zh => format!(
                "P_K : P_Na = 50 : 1 时膜电位为 {v0}，靠近 E_K（{ek}）。把 P_Na 提高到 P_K 的十分之一后，1 秒内膜电位就移到 {v}（{shift}），向 E_Na（{ena}）靠拢：\
                 加权平均中钠的权重变大了。浓度在这 1 秒内几乎没有变化，变的只是通透性。"
            ),
            Lang::En => format!(
                "With P_K : P_Na = 50 : 1, V is {v0}, close to E_K ({ek}). With P_Na raised to a tenth of P_K, within a second V moves to {v} ({shift}), towards E_Na ({ena}): \
                 sodium now has more weight in the average. The concentrations hardly change in that second; only the permeability did."
            ),
        }
    });
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
    let explanation = Message::build(|lang| {
        let (na, k, c, atp) = (
            scientific(na_in),
            scientific(k_out),
            scientific(cycles),
            scientific(r.atp_s),
        );
        let (na3, k2) = (scientific(3.0 * cycles), scientific(2.0 * cycles));
        let ip = ua(r.pump_current_ua_cm2);
        match lang {
            Lang::Zh => format!(
                "在模型的稳态中，每秒约有 {na} 个 Na⁺ 漏入、{k} 个 K⁺ 漏出。钠钾泵每秒转 {c} 圈，每圈消耗 1 个 ATP，即每秒 {atp} 个 ATP；\
                 它每秒泵出 3 × {c} = {na3} 个 Na⁺，泵入 2 × {c} = {k2} 个 K⁺，正好抵消两种泄漏。泵电流为 {ip}（向外）。"
            ),
            Lang::En => format!(
                "At the model's steady state about {na} Na⁺ leak in and {k} K⁺ leak out each second. The pump turns {c} times a second, one ATP per turn: {atp} ATP per second. \
                 It moves 3 × {c} = {na3} Na⁺ out and 2 × {c} = {k2} K⁺ in, exactly matching both leaks. Its current is {ip} (outward)."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Number(r.atp_s),
        explanation,
    })
}

// ---------------------------------------------------------------- 6 ouabain

fn measure_ouabain(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let before = resting("ouabain")?;
    let r = sim.readouts();
    let explanation = Message::build(|lang| {
        let (v0, v, ek0, ek) = (mv(before.v_mv), mv(r.v_mv), mv(before.e_mv.k), mv(r.e_mv.k));
        let (na0, na, k0, k) = (
            mm(before.c_in_mm.na),
            mm(r.c_in_mm.na),
            mm(before.c_in_mm.k),
            mm(r.c_in_mm.k),
        );
        let vol = number(r.volume_rel, 2);
        match lang {
            Lang::Zh => format!(
                "加入哇巴因 2 小时后，膜电位从 {v0} 缓慢升到 {v}，并没有瞬间消失。细胞内 Na⁺ 从 {na0} 升到 {na}，K⁺ 从 {k0} 降到 {k}，E_K 从 {ek0} 变为 {ek}。\
                 这是一个刚性细胞（体积保持 {vol}），膜电位最终会停在一个唐南电位上；若允许细胞肿胀，它会吸收盐和水而变大。"
            ),
            Lang::En => format!(
                "Two hours after ouabain, V has crept from {v0} to {v}; it did not vanish at once. Inside Na⁺ rose from {na0} to {na}, K⁺ fell from {k0} to {k}, and E_K moved from {ek0} to {ek}. \
                 This is a rigid cell (volume stays {vol}), which in the end settles at a Donnan potential; a cell allowed to swell takes up salt and water and grows instead."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Number(r.v_mv),
        explanation,
    })
}

// ---------------------------------------------------------------- 7 steady-state

/// Options of the steady-state question: what K⁺ does in its channels at rest.
const STEADY_OPTIONS: [Text; 3] = [
    t(
        "K⁺ 持续向外泄漏（由钠钾泵补回）",
        "K⁺ keeps leaking out (the pump brings it back)",
    ),
    t(
        "没有 K⁺ 净流动：K⁺ 处于平衡态",
        "no net K⁺ crosses: K⁺ is at equilibrium",
    ),
    t("K⁺ 持续向内流入", "K⁺ keeps leaking in"),
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
    let explanation = Message::build(|lang| {
        let (v, ek, ecl) = (mv(r.v_mv), mv(r.e_mv.k), mv(r.e_mv.cl));
        let (dk, dna) = (
            mv_signed(r.driving_force_mv.k),
            mv_signed(r.driving_force_mv.na),
        );
        let (ks, nas, c) = (scientific(k), scientific(-na), scientific(r.pump_cycles_s));
        let net = ua(r.net_current_ua_cm2);
        match lang {
            Lang::Zh => format!(
                "静息时 V = {v}，而 E_K = {ek}：K⁺ 的驱动力 V − E_K = {dk}，所以每秒约有 {ks} 个 K⁺ 经通道漏出；Na⁺ 的驱动力为 {dna}，每秒约 {nas} 个 Na⁺ 漏入。\
                 钠钾泵每秒转 {c} 圈，把它们送回去。总净电流为 {net}，所以电压稳定——这是稳态，而不是平衡态。\
                 本模型中只有 Cl⁻ 处于平衡（E_Cl = {ecl} = V），因为没有转运体搬运它。"
            ),
            Lang::En => format!(
                "At rest V = {v} while E_K = {ek}: the driving force on K⁺, V − E_K, is {dk}, so about {ks} K⁺ per second leak out through the channels; Na⁺ has a driving force of {dna} and about {nas} Na⁺ per second leak in. \
                 The pump turns {c} times a second and sends them back. The net current is {net}, so the voltage holds still: a steady state, not an equilibrium. \
                 Only Cl⁻ is at equilibrium in this model (E_Cl = {ecl} = V), because no transporter moves it."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 8 reversal

/// Options of the reversal question: the total current with V clamped at E_K.
const REVERSAL_OPTIONS: [Text; 3] = [
    t("向外（正）", "outward (positive)"),
    t("约为零", "about zero"),
    t("向内（负）", "inward (negative)"),
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
    let explanation = Message::build(|lang| {
        let (ek, v) = (mv(r.e_mv.k), mv(r.v_mv));
        let (ik, ina, icl, ip, tot) = (
            ua(at_ek.leak_ua_cm2.k),
            ua(at_ek.leak_ua_cm2.na),
            ua(at_ek.leak_ua_cm2.cl),
            ua(at_ek.pump_ua_cm2),
            ua(total),
        );
        let tot_rest = ua(at_rest.total_ua_cm2);
        match lang {
            Lang::Zh => format!(
                "把电压钳在 E_K = {ek} 时，K⁺ 电流为 {ik}：这正是 K⁺ 通道的反转电位。但 Na⁺ 电流 {ina}、Cl⁻ 电流 {icl} 和泵电流 {ip} 仍在，总电流为 {tot}。\
                 总电流在 {v} 处过零（那里为 {tot_rest}），那才是静息膜电位。"
            ),
            Lang::En => format!(
                "With V clamped at E_K = {ek} the K⁺ current is {ik}: that is the K⁺ channel's reversal potential. But the Na⁺ current ({ina}), the Cl⁻ current ({icl}) and the pump ({ip}) remain, for a total of {tot}. \
                 The total crosses zero at {v} ({tot_rest} there): that is the resting potential."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Choice(index),
        explanation,
    })
}

// ---------------------------------------------------------------- 9 applications

fn measure_applications(sim: &Simulation) -> Result<ModelAnswer, ModelError> {
    let normal = resting("applications")?;
    let hypo = Simulation::new(Scenario::preset("hypokalaemia")?)?.readouts();
    let r = sim.readouts();
    let distance = THRESHOLD_MV - r.v_mv;
    let explanation = Message::build(|lang| {
        let (v0, v, vh, th) = (mv(normal.v_mv), mv(r.v_mv), mv(hypo.v_mv), mv(THRESHOLD_MV));
        let (d0, d, dh) = (
            mv(THRESHOLD_MV - normal.v_mv),
            mv(distance),
            mv(THRESHOLD_MV - hypo.v_mv),
        );
        let (ek0, ek) = (mv(normal.e_mv.k), mv(r.e_mv.k));
        match lang {
            Lang::Zh => format!(
                "K⁺ₒ 为 5 mM 时，静息膜电位为 {v0}，距阈电位 {th} 有 {d0}。K⁺ₒ 升到 8 mM 后，E_K 从 {ek0} 变为 {ek}，10 分钟后膜电位为 {v}，距阈电位只剩 {d}：细胞更容易兴奋。\
                 反之，低钾血症（K⁺ₒ = 2.5 mM）使膜电位降到 {vh}，距阈电位 {dh}，更难兴奋。"
            ),
            Lang::En => format!(
                "With K⁺ₒ at 5 mM the cell rests at {v0}, {d0} below a threshold of {th}. With K⁺ₒ at 8 mM, E_K moves from {ek0} to {ek}, and after 10 minutes V is {v}: only {d} below threshold, so the cell is easier to excite. \
                 Hypokalaemia (K⁺ₒ = 2.5 mM) does the opposite: V falls to {vh}, {dh} below threshold."
            ),
        }
    });
    Ok(ModelAnswer {
        answer: Answer::Number(distance),
        explanation,
    })
}

// ---------------------------------------------------------------- the lessons

const H_PRINCIPLES: Text = t(
    "细胞：一个会漏电的盐水电池",
    "The cell: a leaky salt-water battery",
);
const H_K_ONLY: Text = t(
    "一个只对钾通透的世界",
    "A world permeable only to potassium",
);
const H_GHK: Text = t(
    "多离子世界的现实：一个加权平均值",
    "The reality of many ions: a weighted average",
);
const H_PUMP: Text = t(
    "无名英雄：维持梯度",
    "The unsung hero: keeping the gradients",
);
const H_STEADY: Text = t(
    "稳态，而非平衡态：一个动态平衡的世界",
    "Steady state, not equilibrium: a world in dynamic balance",
);
const H_APPLICATIONS: Text = t("应用与跨学科联系", "Applications and links to other fields");

/// The nine lessons.
pub static LESSONS: [Lesson; 9] = [
    Lesson {
        id: "battery",
        section: 1,
        course_heading: H_PRINCIPLES,
        title: t("会漏电的盐水电池", "A leaky salt-water battery"),
        intro: t(
            "细胞像一个微型电池：膜内 K⁺ 多、Na⁺ 少，还有无法逸出的带负电的蛋白质；膜外 Na⁺ 和 Cl⁻ 多。钠钾泵每消耗 1 个 ATP，就把 3 个 Na⁺ 泵出、2 个 K⁺ 泵入，给这个电池充电。",
            "A cell is like a tiny battery: inside, much K⁺, little Na⁺ and negatively charged proteins that cannot leave; outside, much Na⁺ and Cl⁻. For each ATP the Na⁺/K⁺ pump moves 3 Na⁺ out and 2 K⁺ in, charging the battery.",
        ),
        steps: &[
            t(
                "看膜两侧的浓度：哪些离子在内多，哪些在外多？",
                "Look at the concentrations on each side: which ions are more concentrated inside, which outside?",
            ),
            t(
                "找到膜上的钠钾泵，读出它每秒转几圈、消耗多少 ATP。",
                "Find the pump in the membrane and read how many cycles and ATP it uses per second.",
            ),
            t(
                "把 K⁺ᵢ、Na⁺ᵢ 和 Cl⁻ᵢ 加减一下，估算内部的不可透过阴离子有多少。",
                "Add up K⁺ᵢ and Na⁺ᵢ and subtract Cl⁻ᵢ to estimate how much impermeant anion is inside.",
            ),
        ],
        notice: &[
            t(
                "内部几乎完全电中性：阳离子的正电荷主要由不可透过的阴离子平衡。",
                "The inside is almost exactly neutral: the cations' charge is balanced mostly by the impermeant anions.",
            ),
            t(
                "梯度是电压的来源，而钠钾泵是维持梯度的“充电器”。",
                "The gradients are the source of the voltage; the pump is the charger that keeps them.",
            ),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 60.0,
        speed: 1.0,
        panels: panels(true, true, true, false, false),
        hides: &[Hidden::Impermeant],
        question: Question {
            lesson_id: "battery",
            field: "A_i",
            prompt: t(
                "细胞内不可透过的阴离子（按一价计）浓度是多少？（mM）",
                "What is the concentration of impermeant anions inside (counted as charge −1)? (mM)",
            ),
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
        title: t("只对 K⁺ 通透的膜", "A membrane permeable only to K⁺"),
        intro: t(
            "思想实验：膜上只有 K⁺ 通道，电压从 0 mV 开始。K⁺ 顺浓度梯度外流，留下带负电的阴离子，内部越来越负，直到电场的拉力与浓度梯度的推力相抵——这就是 K⁺ 的平衡电位（能斯特电位）E_K。",
            "A thought experiment: the membrane has only K⁺ channels and the voltage starts at 0 mV. K⁺ flows out down its gradient, leaving negative anions behind, so the inside grows more negative until the electrical pull balances the chemical push: the K⁺ equilibrium (Nernst) potential, E_K.",
        ),
        steps: &[
            t(
                "以慢动作运行，看膜电位从 0 mV 落向 E_K 用了多少毫秒。",
                "Run in slow motion and see how many milliseconds V takes to fall from 0 mV to E_K.",
            ),
            t(
                "看离子计数器：有多少 K⁺ 离开了细胞？占细胞内 K⁺ 的多少？",
                "Watch the ion counter: how many K⁺ left the cell, and what fraction of its K⁺ is that?",
            ),
            t(
                "把 K⁺ₒ 调高或调低，看 E_K 和最终电压如何随之变化。",
                "Raise or lower K⁺ₒ and see E_K and the final voltage follow.",
            ),
        ],
        notice: &[
            t(
                "到达 E_K 后 K⁺ 的净流动为零：每有一个 K⁺ 出去，就有一个被拉回来。",
                "At E_K the net K⁺ flow is zero: for every K⁺ that leaves, another is pulled back.",
            ),
            t(
                "产生这个电压只需极少的离子跨膜，浓度几乎不变。",
                "Very few ions need to cross to make this voltage; the concentrations barely change.",
            ),
        ],
        preset: "k-only",
        overrides: &[],
        after_start: &[],
        duration_s: 0.2,
        speed: 0.04,
        panels: panels(true, true, false, true, false),
        hides: &[Hidden::MovedIons],
        question: Question {
            lesson_id: "k-only",
            field: "K_moved_fraction",
            prompt: t(
                "从 0 mV 到 E_K，细胞内的 K⁺ 有多大比例必须离开细胞？",
                "To go from 0 mV to E_K, what fraction of the cell's K⁺ must leave it?",
            ),
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
        title: t("星形胶质细胞：几乎纯钾的膜", "The astrocyte: an almost pure K⁺ membrane"),
        intro: t(
            "星形胶质细胞静息时的膜几乎只对 K⁺ 通透（这里 P_Na 只有 P_K 的 0.5%），所以它的静息膜电位非常接近 E_K。细胞内 K⁺ 135 mM，细胞外 5 mM，温度 37 °C。",
            "At rest an astrocyte's membrane is permeable almost only to K⁺ (here P_Na is 0.5 % of P_K), so its resting potential lies very close to E_K. K⁺ is 135 mM inside and 5 mM outside, at 37 °C.",
        ),
        steps: &[
            t(
                "先用能斯特方程估算 E_K，再预测静息膜电位。",
                "Estimate E_K with the Nernst equation, then predict the resting potential.",
            ),
            t(
                "运行后比较 V 和 E_K，再与神经元预设比较。",
                "Run, compare V with E_K, then compare with the neuron preset.",
            ),
            t(
                "把 P_Na 相对 P_K 调高到 0.05，看 V 离开 E_K 多远。",
                "Raise P_Na relative to P_K to 0.05 and see how far V leaves E_K.",
            ),
        ],
        notice: &[t(
            "通透性几乎只属于一种离子时，静息膜电位就是该离子的平衡电位。",
            "When almost all the permeability belongs to one ion, the resting potential is that ion's equilibrium potential.",
        )],
        preset: "astrocyte",
        overrides: &[],
        after_start: &[],
        duration_s: 10.0,
        speed: 1.0,
        panels: panels(true, true, false, true, false),
        hides: &[Hidden::Voltage],
        question: Question {
            lesson_id: "astrocyte",
            field: "V_rest",
            prompt: t(
                "这个星形胶质细胞的静息膜电位是多少？（mV）",
                "What is this astrocyte's resting potential? (mV)",
            ),
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
        title: t("多种离子：GHK 加权平均", "Many ions: the GHK weighted average"),
        intro: t(
            "真实神经元的膜主要对 K⁺ 通透，但也有少量 Na⁺ 和 Cl⁻ 泄漏。静息膜电位是各离子平衡电位的加权平均，权重就是相对通透性（戈德曼-霍奇金-卡茨方程）。这里 P_K : P_Na = 50 : 1，并暂时关闭钠钾泵，只看泄漏通道——这正是 GHK 方程描述的情形。",
            "A real neuron's membrane is mostly permeable to K⁺, with small Na⁺ and Cl⁻ leaks. The resting potential is a weighted average of the ions' equilibrium potentials, weighted by relative permeability (the Goldman–Hodgkin–Katz equation). Here P_K : P_Na = 50 : 1, and the pump is switched off so that only the leak channels act: exactly what the GHK equation describes.",
        ),
        steps: &[
            t(
                "读出 E_K、E_Na 和 V：V 离哪一个更近？",
                "Read E_K, E_Na and V: which is V closer to?",
            ),
            t(
                "把 P_Na 相对 P_K 从 0.02（50 : 1）改为 0.01（100 : 1），再改为 0.1（10 : 1），观察这场“拔河比赛”。",
                "Change P_Na relative to P_K from 0.02 (50 : 1) to 0.01 (100 : 1), then to 0.1 (10 : 1), and watch the tug-of-war.",
            ),
            t(
                "最后打开钠钾泵，看它的外向电流让 V 再负几毫伏。",
                "Finally switch the pump on and see its outward current make V a few millivolts more negative.",
            ),
        ],
        notice: &[
            t(
                "V 总是朝通透性被提高的那种离子的平衡电位移动。",
                "V always moves towards the equilibrium potential of the ion whose permeability is raised.",
            ),
            t(
                "P_K : P_Na 在 50 : 1 到 100 : 1 之间时，V 远比 E_Na 更接近 E_K。",
                "With P_K : P_Na between 50 : 1 and 100 : 1, V is far closer to E_K than to E_Na.",
            ),
        ],
        preset: "neuron",
        // pump 0 = off, start 1 = as given
        overrides: &[(Key::PermRel(Ion::Na), 0.02), (Key::Pump, 0.0), (Key::Start, 1.0)],
        after_start: &[],
        duration_s: 5.0,
        speed: 0.5,
        panels: panels(true, true, false, true, false),
        hides: &[],
        question: Question {
            lesson_id: "ghk",
            field: "V_after_P_Na_raised",
            prompt: t(
                "把 P_Na 提高到 P_K 的十分之一（P_K : P_Na = 10 : 1），1 秒后膜电位是多少？（mV）",
                "Raise P_Na to a tenth of P_K (P_K : P_Na = 10 : 1). What is V one second later? (mV)",
            ),
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
        title: t("钠钾泵对抗泄漏", "The pump against the leaks"),
        intro: t(
            "静息时 K⁺ 持续外漏、Na⁺ 持续内漏。钠钾泵像排水泵一样不停工作，把漏进来的 Na⁺ 泵出去、漏出去的 K⁺ 泵回来。这要消耗大量能量——可达细胞能量预算的三分之一。",
            "At rest K⁺ leaks out and Na⁺ leaks in all the time. The pump works like a bilge pump, sending the Na⁺ back out and the K⁺ back in. It costs a great deal of energy: up to a third of the cell's budget.",
        ),
        steps: &[
            t(
                "在电流面板中比较 Na⁺ 漏入和泵出的离子数。",
                "In the currents panel compare the Na⁺ leaking in with the Na⁺ pumped out.",
            ),
            t(
                "读出每秒漏入的 Na⁺ 数，由泵每圈泵出 3 个 Na⁺ 推算每秒消耗的 ATP。",
                "Read how many Na⁺ leak in per second and, from 3 Na⁺ per pump cycle, work out the ATP used per second.",
            ),
            t(
                "把 Na⁺ᵢ 调高，看泵如何加快。",
                "Raise Na⁺ᵢ and see the pump speed up.",
            ),
        ],
        notice: &[
            t(
                "稳态时每种离子的泵通量与泄漏通量大小相等、方向相反。",
                "At steady state each ion's pump flux equals its leak flux, in the opposite direction.",
            ),
            t(
                "泵每圈净移出一个正电荷，所以它本身也让 V 更负几毫伏。",
                "Each cycle moves one net positive charge out, so the pump itself makes V a few millivolts more negative.",
            ),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 60.0,
        speed: 1.0,
        panels: panels(true, true, true, true, false),
        hides: &[Hidden::PumpRate],
        question: Question {
            lesson_id: "pump-leak",
            field: "ATP_per_s",
            prompt: t(
                "这个神经元的钠钾泵每秒消耗多少个 ATP？（可写作 2e7 或 2×10^7）",
                "How many ATP per second does this neuron's pump use? (you may write 2e7 or 2×10^7)",
            ),
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
        title: t("哇巴因：缓慢的衰减", "Ouabain: the slow run-down"),
        intro: t(
            "哇巴因阻断钠钾泵。膜电位不会瞬间消失：巨大的离子梯度像一个大水库。但没有泵对抗泄漏，Na⁺ 在细胞内积聚、K⁺ 被耗尽，膜电位在数分钟到数小时内逐渐衰减。这里是一个刚性细胞：体积不能改变。",
            "Ouabain blocks the Na⁺/K⁺ pump. The voltage does not vanish at once: the large gradients are like a big reservoir. But with no pump against the leaks, Na⁺ builds up inside, K⁺ runs out, and V decays over minutes to hours. This is a rigid cell: its volume cannot change.",
        ),
        steps: &[
            t(
                "哇巴因在开始时已加入。以每秒 10 分钟模型时间的速度运行 2 小时。",
                "Ouabain is added at the start. Run 2 hours at 10 model minutes per second.",
            ),
            t(
                "观察 Na⁺ᵢ、K⁺ᵢ、E_K 和 V 如何一起变化。",
                "Watch Na⁺ᵢ, K⁺ᵢ, E_K and V change together.",
            ),
            t(
                "重新开始，把体积模式改为“可肿胀”，比较体积和 V。",
                "Start again with the volume set to “swelling” and compare the volume and V.",
            ),
        ],
        notice: &[
            t(
                "泄漏通道根据现有梯度产生电位，泵则维持梯度。",
                "The leak channels make the voltage from the gradients there are; the pump keeps the gradients.",
            ),
            t(
                "刚性细胞：体积不变，膜电位最终停在唐南电位，而不是 0 mV。可肿胀细胞：吸收盐和水而膨胀。",
                "Rigid cell: the volume stays put and V settles at a Donnan potential, not at 0 mV. Swelling cell: it takes up salt and water and swells.",
            ),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[(Key::Ouabain, 1.0)],
        duration_s: 7200.0,
        speed: 600.0,
        panels: panels(true, true, true, false, false),
        hides: &[],
        question: Question {
            lesson_id: "ouabain",
            field: "V_after_2h",
            prompt: t(
                "加入哇巴因 2 小时后，膜电位是多少？（mV）",
                "What will V be after 2 hours of ouabain? (mV)",
            ),
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
        title: t("稳态，而非平衡态", "Steady state, not equilibrium"),
        intro: t(
            "在平衡态下，离子的净通量为零。但静息时 V 既不等于 E_K，也不等于 E_Na，所以每种离子都受到驱动力、持续跨膜移动；只是所有电流之和为零，电压才保持稳定。",
            "At equilibrium an ion's net flux is zero. But at rest V equals neither E_K nor E_Na, so each ion feels a driving force and keeps crossing; only the sum of all currents is zero, which is why the voltage holds still.",
        ),
        steps: &[
            t(
                "在电流面板中读出每种离子的驱动力 V − E 和泄漏电流。",
                "In the currents panel read each ion's driving force V − E and its leak current.",
            ),
            t(
                "把各离子电流与泵电流相加，验证总和为零。",
                "Add the ion currents and the pump current, and check that the sum is zero.",
            ),
        ],
        notice: &[
            t(
                "K⁺ 外漏、Na⁺ 内漏，各自都不为零；它们的电荷流加上泵电流正好抵消。",
                "K⁺ leaks out and Na⁺ leaks in, each nonzero; their charge flows and the pump's cancel exactly.",
            ),
            t(
                "这是消耗能量的动态平衡，不是真正的平衡态。",
                "It is a dynamic balance that costs energy, not a true equilibrium.",
            ),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 10.0,
        speed: 1.0,
        panels: panels(true, true, false, true, false),
        hides: &[Hidden::CurrentsCaption],
        question: Question {
            lesson_id: "steady-state",
            field: "K_leak_at_rest",
            prompt: t(
                "静息时，K⁺ 经过它的通道在做什么？",
                "At rest, what does K⁺ do in its channels?",
            ),
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
        title: t("反转电位与静息膜电位", "Reversal potential versus resting potential"),
        intro: t(
            "纯 K⁺ 通道的反转电位就是 E_K：只有在这个电压下，通过该通道的电流才为零。用电压钳把膜电位固定在不同数值，读出每种通道的电流，就能画出 I–V 曲线。",
            "The reversal potential of a pure K⁺ channel is E_K: the voltage at which the current through that channel is zero. With a voltage clamp you hold V at chosen values, read each channel's current and draw the I–V curves.",
        ),
        steps: &[
            t(
                "打开电压钳，把 V 钳在 E_K，读出 K⁺ 电流和总电流。",
                "Turn the clamp on, hold V at E_K, and read the K⁺ current and the total current.",
            ),
            t(
                "在 I–V 图上找出每条通道曲线过零的位置，以及总电流过零的位置。",
                "On the I–V chart find where each channel's curve crosses zero, and where the total does.",
            ),
        ],
        notice: &[
            t(
                "每种通道的电流在各自的 E 处反转。",
                "Each channel's current reverses at its own E.",
            ),
            t(
                "总电流在静息膜电位处过零；静息时 K⁺ 通道中确实有电流。",
                "The total crosses zero at the resting potential; at rest there is current in the K⁺ channels.",
            ),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[],
        duration_s: 1.0,
        speed: 1.0,
        panels: panels(false, true, false, true, true),
        hides: &[],
        question: Question {
            lesson_id: "reversal",
            field: "I_total_at_E_K",
            prompt: t(
                "把电压钳在 E_K，总膜电流的方向如何？",
                "With V clamped at E_K, which way does the total membrane current flow?",
            ),
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
        title: t("高钾血症、低钾血症与兴奋性", "Hyperkalaemia, hypokalaemia and excitability"),
        intro: t(
            "静息膜电位决定细胞离放电阈值有多远。血钾升高（高钾血症）时 E_K 变得不那么负，细胞去极化；血钾降低（低钾血症）时细胞超极化。这里细胞外 K⁺ 在开始时从 5 mM 升到 8 mM，阈电位取 −55 mV。",
            "The resting potential sets how far a cell sits from its firing threshold. When blood K⁺ rises (hyperkalaemia) E_K becomes less negative and the cell depolarises; when it falls (hypokalaemia) the cell hyperpolarises. Here the bath K⁺ goes from 5 to 8 mM at the start; the threshold is taken as −55 mV.",
        ),
        steps: &[
            t(
                "运行 10 分钟，读出 V 与 −55 mV 阈电位的距离。",
                "Run 10 minutes and read how far V is from the −55 mV threshold.",
            ),
            t(
                "改用低钾血症预设（K⁺ₒ = 2.5 mM）比较。",
                "Compare with the hypokalaemia preset (K⁺ₒ = 2.5 mM).",
            ),
            t(
                "把温度从 37 °C 降到 27 °C，看 E_K 和 V 如何变化。",
                "Lower the temperature from 37 °C to 27 °C and see E_K and V change.",
            ),
        ],
        notice: &[
            t(
                "K⁺ₒ 的微小变化就能明显移动静息膜电位，因为膜主要对 K⁺ 通透。",
                "Small changes in K⁺ₒ move the resting potential a lot, because the membrane is mostly permeable to K⁺.",
            ),
            t(
                "本模型没有电压门控通道，所以不会产生动作电位；阈电位只是参照线。",
                "The model has no voltage-gated channels, so it fires no action potentials; the threshold is a reference line only.",
            ),
        ],
        preset: "neuron",
        overrides: &[],
        after_start: &[(Key::Outside(Ion::K), 8.0)],
        duration_s: 600.0,
        speed: 30.0,
        panels: panels(true, true, true, false, false),
        hides: &[],
        question: Question {
            lesson_id: "applications",
            field: "distance_to_threshold",
            prompt: t(
                "K⁺ₒ 升到 8 mM 后 10 分钟，膜电位在 −55 mV 阈电位以下多少毫伏？（mV）",
                "Ten minutes after K⁺ₒ rises to 8 mM, how many millivolts below the −55 mV threshold is V? (mV)",
            ),
            kind: voltage_question(3.0),
            commands: &[],
            run_s: 600.0,
            measure: measure_applications,
        },
    },
];
