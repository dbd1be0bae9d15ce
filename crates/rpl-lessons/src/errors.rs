//! Model errors in the reader's language, worded from the error's fields.
//!
//! English is the error's own `Display` (in `rpl-model`); Chinese is built here
//! from the same fields (key, value, range, unit, allowed words), never by
//! reading the English sentence. This lives in the lessons crate because it
//! already holds the two languages ([`Lang`]) and builds natively, so a plain
//! `cargo test` checks that every error variant has its Chinese wording; the
//! page and the lessons' answer checks both use it.

use crate::text::Lang;
use rpl_model::error::{choice_letter, short_number, Range, Solver};
use rpl_model::ModelError;

/// `e` in `lang`. `label` gives a key's name for readers in Chinese (e.g.
/// `K_o` → `细胞外 K⁺`), which is then written as `细胞外 K⁺（K_o）`; keys
/// without a label are written as they are.
pub fn words(e: &ModelError, lang: Lang, label: &dyn Fn(&str) -> Option<String>) -> String {
    let e = &e.clipped();
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => zh(e, label),
    }
}

/// A number for a Chinese message: [`short_number`] with a real minus sign.
pub fn zh_number(v: f64) -> String {
    short_number(v).replace('-', "\u{2212}")
}

fn zh_range(r: &Range, unit: &str) -> String {
    let lo = zh_number(r.lo);
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let lo_word = if r.lo_open { "大于" } else { "不小于" };
    if r.hi.is_finite() {
        format!(
            "是{lo_word} {lo} 且不超过 {}{unit} 的有限数",
            zh_number(r.hi)
        )
    } else {
        format!("是{lo_word} {lo}{unit} 的有限数")
    }
}

fn zh_or_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} 或 {last}", rest.join("、")),
    }
}

fn zh_solver(s: Solver) -> &'static str {
    match s {
        Solver::Integrator => "积分器",
        Solver::SteadyState => "稳态求解器",
        Solver::LessonQuestion => "课程问题的计算",
    }
}

fn zh(e: &ModelError, label: &dyn Fn(&str) -> Option<String>) -> String {
    let name = |key: &str| match label(key) {
        Some(l) => format!("{l}（{key}）"),
        None => key.to_string(),
    };
    match e {
        ModelError::OutOfRange {
            key,
            value,
            range,
            unit,
        } => format!(
            "{} = {} 不允许：必须{}",
            name(key),
            zh_number(*value),
            zh_range(range, unit)
        ),
        ModelError::NotANumber { key, text } => format!("{} = “{text}” 不是数字", name(key)),
        ModelError::BadChoice { key, text, allowed } => format!(
            "{} = “{text}” 不允许：必须是 {}",
            name(key),
            zh_or_list(allowed)
        ),
        ModelError::NotAChoice { key, text, count } => format!(
            "{} = “{text}” 不是可选的答案：请选 1 到 {count} 或 A 到 {}",
            name(key),
            choice_letter(*count)
        ),
        ModelError::WantsNumber { key, choice, unit } => format!(
            "{} = 选项 {choice} 不允许：这道题要填一个以 {unit} 为单位的数",
            name(key)
        ),
        ModelError::UnknownKey { key, known } => {
            format!("未知的键“{key}”；可用的键：{}", known.join("、"))
        }
        ModelError::UnknownPreset { name, known } => {
            format!("未知预设“{name}”；可用预设：{}", known.join("、"))
        }
        ModelError::RelativeToZero { key, base } => format!(
            "{base} 为 0 时不能设置 {}：请先把 {base} 设为大于 0 cm/s 的值",
            name(key)
        ),
        ModelError::ChangeWithoutTime { item } => {
            format!("then：“{item}”缺少时间，应写成 K_o:10@600 或 steady@600")
        }
        ModelError::ChangeWithoutValue { item, key } => {
            format!("then：“{item}”缺少数值，应写成 {key}:10@600")
        }
        ModelError::TooManyChanges { max } => {
            format!("then：改动超过 {max} 个，其余的已跳过")
        }
        ModelError::ChangeAfterEnd { key, t_s, end_s } => format!(
            "then：{key} 在 {} s 不允许：时间不能晚于 t = {} s",
            zh_number(*t_s),
            zh_number(*end_s)
        ),
        ModelError::Malformed { message } => format!("场景格式有误：{message}"),
        ModelError::NoImpermeantAnions { permeant_charge_mm } => format!(
            "细胞内浓度带有 {} mM 的净电荷；细胞内阳离子必须多于阴离子（Na + K + 2 Ca > Cl），\
             不可透过的阴离子才能与之平衡",
            zh_number(*permeant_charge_mm)
        ),
        ModelError::NoPermeantIon => "所有通透性都为零：至少要有一种离子能穿过细胞膜".to_string(),
        ModelError::NoSteadyState { injected_ua_cm2 } => format!(
            "注入电流 I_inj = {} µA/cm² 时找不到稳态：漏流和泵无法在细胞内各离子量都不变的情况下承载这个电流；\
             请减小 |I_inj|，或设 start = given 来观察细胞的变化",
            zh_number(*injected_ua_cm2)
        ),
        ModelError::TooMuchWork { t_s, span_s, steps } => format!(
            "模型无法跟上这些参数：从 t = {} s 起的 {} s 模型时间需要超过 {steps} 个积分步；细胞保持原样",
            zh_number(*t_s),
            zh_number(*span_s)
        ),
        ModelError::NoConvergence { what, detail } => {
            format!("{}没有收敛：{detail}", zh_solver(*what))
        }
    }
}
