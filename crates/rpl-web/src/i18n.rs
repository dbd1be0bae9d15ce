//! The page's two languages: one table ([`TABLE`]) of every interface string
//! in English and Simplified Chinese, the page's present language, and the
//! wording of model errors and numbers for each language.
//!
//! * Static text in `index.html` carries `data-i18n="key"` (text),
//!   `data-i18n-aria-label="key"` or `data-i18n-title="key"` attributes; the
//!   HTML holds English only as a fallback, and [`apply`] fills it from the
//!   table. Text built by Rust asks [`t`] for the present language.
//! * Strings with `{name}` holes are filled with [`fill`].
//! * Numbers keep a real minus sign (U+2212) in both languages; Chinese
//!   sentences use full-width punctuation ("："，"（）"), and counts use the
//!   Chinese number words 万 and 亿 ([`count_words`]).
//! * [`model_error`] words a [`ModelError`] (whose `Display` is English) in
//!   either language by matching its variant and fields.
//!
//! The language is page state kept here (one page, one language), so that
//! drawing code can ask for it without threading it through every call.

use std::cell::Cell;

pub use rpl_lessons::Lang;
use rpl_model::ModelError;
use wasm_bindgen::JsValue;
use web_sys::Element;

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The page's present language.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Set the page's language (callers then re-render; see [`apply`]).
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// One row of the table: a key and its text in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Stable key, e.g. `btn.reset`.
    pub key: &'static str,
    /// English.
    pub en: &'static str,
    /// Simplified Chinese.
    pub zh: &'static str,
}

const fn e(key: &'static str, en: &'static str, zh: &'static str) -> Entry {
    Entry { key, en, zh }
}

/// Every interface string, in both languages.
pub const TABLE: &[Entry] = &[
    // The page.
    e("page.title", "Resting Potential Lab", "静息电位实验室"),
    e(
        "page.tagline",
        "One cell in a bath: its membrane voltage follows from the ion gradients, the leaks and the Na⁺/K⁺ pump.",
        "浴液中的一个细胞：它的膜电压由离子梯度、泄漏通道和钠钾泵（Na⁺/K⁺-ATPase）共同决定。",
    ),
    e("page.noscript", "Resting Potential Lab needs JavaScript and WebAssembly to run.", "静息电位实验室需要 JavaScript 和 WebAssembly 才能运行。"),
    e("lang.group", "Language", "语言"),
    e("aria.readouts", "Readouts", "读数"),
    e("aria.membrane-panel", "The membrane", "细胞膜"),
    e("aria.chart-panel", "Voltage trace", "电压曲线"),
    e(
        "aria.chart",
        "Membrane voltage against model time, with E_K, E_Na and E_Cl drawn as dashed reference lines",
        "膜电压随模型时间的变化，E_K、E_Na 和 E_Cl 以虚线作参考",
    ),
    e("aria.ions", "Ions: concentrations, potentials and ions moved", "离子：浓度、平衡电位和跨膜移动的离子数"),
    e("aria.equations", "Nernst and GHK equations with the present numbers", "代入当前数值的能斯特方程和 GHK 方程"),
    e("aria.controls", "Controls", "控制"),
    e("readout.time", "model time", "模型时间"),
    // Run controls.
    e("label.preset", "Cell", "细胞"),
    e("btn.play", "Play", "运行"),
    e("btn.pause", "Pause", "暂停"),
    e("btn.step", "Step", "单步"),
    e("btn.step.title", "Pause and advance one frame of model time", "暂停并前进一帧的模型时间"),
    e("btn.reset", "Reset", "重置"),
    e("btn.reset.title", "Start the chosen cell again", "让所选细胞重新开始"),
    e("btn.steady", "Go to steady state", "跳到稳态"),
    e("label.speed", "Model time per real second", "每秒真实时间对应的模型时间"),
    e("speed.0", "1 ms/s (slow motion)", "1 ms/s（慢动作）"),
    e("speed.1", "10 ms/s (slow motion)", "10 ms/s（慢动作）"),
    e("speed.2", "1× (real time)", "1×（实时）"),
    e("speed.3", "100×", "100×"),
    e("speed.4", "10 min/s", "10 min/s"),
    e("speed.5", "1 h/s", "1 h/s"),
    e("speed.6", "10 h/s", "10 h/s"),
    e("speed.lesson", "{speed} (lesson)", "{speed}（课程建议）"),
    // Share, embed and export.
    e(
        "page.description",
        "Resting Potential Lab: an interactive simulator of the resting membrane potential — ion gradients, leaks and the Na⁺/K⁺ pump.",
        "静息电位实验室：静息膜电位的交互式模拟器——离子梯度、泄漏通道和钠钾泵。",
    ),
    e("share.bar", "Share and export", "分享与导出"),
    e("share.button", "Share", "分享"),
    e("share.button.title", "A link that opens this state", "生成打开当前状态的链接"),
    e("embed.button", "Embed", "嵌入"),
    e("embed.button.title", "Code to put this simulator in a web page", "把这个模拟器放进网页的代码"),
    e("csv.button", "Download CSV", "下载 CSV"),
    e("csv.button.title", "The traces of this run as a CSV file", "把本次运行的曲线数据下载为 CSV 文件"),
    e("png.button", "PNG: {name}", "PNG：{name}"),
    e("png.button.title", "Download the {name} picture as a PNG file", "把{name}图下载为 PNG 文件"),
    e("png.name.membrane", "membrane", "细胞膜"),
    e("png.name.voltage", "voltage", "电压"),
    e("png.name.currents-chart", "currents", "电流"),
    e("png.name.conc-chart", "concentrations", "浓度"),
    e("png.name.iv-chart", "I–V curves", "I–V 曲线"),
    e("share.title", "Share this state", "分享当前状态"),
    e(
        "share.hint",
        "The link opens the same cell, the same changes at the same model times, and stops at the present model time.",
        "这个链接会打开同一个细胞，在相同的模型时间做相同的改变，并停在当前的模型时间。",
    ),
    e("share.url", "Link", "链接"),
    e("share.copy", "Copy", "复制"),
    e("share.close", "Close", "关闭"),
    e("share.copied", "Copied.", "已复制。"),
    e("share.select", "The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.", "文本已选中：请按 Ctrl+C（Mac 上按 ⌘C）复制。"),
    e("embed.title", "Embed in a web page", "嵌入网页"),
    e("embed.code", "Put this where the simulator should appear", "把这段代码放在网页中要显示模拟器的位置"),
    e(
        "embed.script",
        "Optional: add this once to the page, and the frame will take the simulator's height",
        "可选：在网页中加入一次这段脚本，框架的高度就会随模拟器自动调整",
    ),
    e("embed.script-copy", "Copy script", "复制脚本"),
    e("share.notice.change", "In the link: {error}. That change was skipped.", "链接中：{error}。已跳过这项改变。"),
    e("share.notice.then", "In the link's changes (then): {error}. That change was skipped.", "链接中的改变（then）：{error}。已跳过这项改变。"),
    e(
        "share.notice.lesson",
        "In the link: unknown lesson \"{id}\"; lessons are: {known}. That setting was skipped.",
        "链接中：未知课程“{id}”；可用课程：{known}。已跳过该设置。",
    ),
    e(
        "share.notice.lang",
        "In the link: unknown language \"{value}\"; languages are: {known}. That setting was skipped.",
        "链接中：未知语言“{value}”；可用语言：{known}。已跳过该设置。",
    ),
    e(
        "share.notice.embed",
        "In the link: embed = \"{value}\" is not allowed: it must be 1 or 0. That setting was skipped.",
        "链接中：embed = “{value}” 不允许：必须是 1 或 0。已跳过该设置。",
    ),
    e(
        "share.notice.parent-origin",
        "In the link: parent_origin = \"{value}\" is not allowed: it must be an origin (https:// or http://, a host and an optional port, no path), such as https://example.org or http://localhost:8000. The height is posted to any origin instead.",
        "链接中：parent_origin = “{value}” 不允许：必须是一个源（https:// 或 http://、主机名和可选端口，不含路径），例如 https://example.org 或 http://localhost:8000。高度消息改为发往任意源。",
    ),
    e("share.notice.lesson-start", "The lesson \"{id}\" cannot start: {error}.", "课程“{id}”无法开始：{error}。"),
    // Presets.
    e("preset.neuron", "Neuron (mammalian)", "神经元（哺乳动物）"),
    e("preset.astrocyte", "Astrocyte", "星形胶质细胞"),
    e("preset.squid-axon", "Squid giant axon", "枪乌贼巨轴突"),
    e("preset.skeletal-muscle", "Skeletal muscle fibre", "骨骼肌纤维"),
    e("preset.cardiac-myocyte", "Cardiac myocyte", "心肌细胞"),
    e("preset.hyperkalaemia", "Neuron, hyperkalaemia (K⁺ₒ 8 mM)", "神经元，高钾血症（K⁺ₒ 8 mM）"),
    e("preset.hypokalaemia", "Neuron, hypokalaemia (K⁺ₒ 2.5 mM)", "神经元，低钾血症（K⁺ₒ 2.5 mM）"),
    e("preset.k-only", "K⁺-only membrane, from 0 mV", "只对 K⁺ 通透的膜，从 0 mV 开始"),
    e("cell.rigid", "Rigid cell: its volume is held fixed, so water does not move.", "刚性细胞：体积保持不变，水不会移动。"),
    e("cell.swelling", "Swelling cell: water follows the osmotic difference.", "可肿胀细胞：水随渗透压差移动。"),
    // Notices and errors.
    e("notice.failed", "Something went wrong: {error}", "出了点问题：{error}"),
    e("notice.stopped", "The simulation stopped: {error}.", "模拟已停止：{error}。"),
    e("notice.kept", "{error}. The previous run is kept.", "{error}。保留之前的运行。"),
    e("notice.neuron", "{error}. Showing the neuron instead.", "{error}。改为显示神经元。"),
    e("notice.link", "In the link: {error}. That setting was skipped.", "链接中：{error}。已跳过该设置。"),
    e("notice.steady", "{error}. The cell is left as it was.", "{error}。细胞保持原样。"),
    e("notice.panic", "The simulator hit an internal error and has stopped. Reload the page to start again. Details: {error}", "模拟器遇到内部错误，已经停止。请重新加载页面。详情：{error}"),
    e("notice.no-start", "The simulator could not start: {error}", "模拟器无法启动：{error}"),
    e("err.range", "{field} = {value} is not allowed: it must be {allowed}", "{field} = {value} 不允许：必须{allowed}"),
    e("err.nan", "{field} = \"{text}\" is not a number", "{field} = “{text}” 不是数字"),
    e("err.unknown-field", "unknown field \"{field}\"; known fields are: {known}", "未知字段“{field}”；已知字段：{known}"),
    e("err.unknown-preset", "unknown preset \"{name}\"; presets are: {known}", "未知预设“{name}”；可用预设：{known}"),
    e("err.malformed", "malformed scenario: {message}", "场景格式有误：{message}"),
    e(
        "err.no-anions",
        "the inside concentrations carry a net charge of {charge} mM; there must be more cations than anions inside (Na + K + 2 Ca > Cl) so that impermeant anions can balance them",
        "细胞内浓度带有 {charge} mM 的净电荷；细胞内阳离子必须多于阴离子（Na + K + 2 Ca > Cl），不可透过的阴离子才能与之平衡",
    ),
    e("err.no-permeant", "every permeability is zero: at least one ion must be able to cross the membrane", "所有通透性都为零：至少要有一种离子能穿过细胞膜"),
    e("err.no-convergence", "the {what} did not converge: {detail}", "{what}没有收敛：{detail}"),
    e("err.allowed.open", "a finite number greater than {lo} and at most {hi}{unit}", "是大于 {lo} 且不超过 {hi}{unit} 的有限数"),
    e("err.allowed.closed", "a finite number at least {lo} and at most {hi}{unit}", "是不小于 {lo} 且不超过 {hi}{unit} 的有限数"),
    e("err.allowed.from-to", "a finite number from {lo} to {hi}{unit}", "是 {lo} 到 {hi}{unit} 之间的有限数"),
    e("err.allowed.finite", "a finite number", "是有限数"),
    e("err.allowed.choice", "one of the choices 1 to {n}", "是选项 1 到 {n} 之一"),
    e("err.allowed.not-number", ", not a number", "，而不是数字"),
    e("err.allowed.other", "{allowed}", "符合：{allowed}"),
    e("err.choose", "choose 1 to {n} or A to {letter}", "请选 1 到 {n} 或 A 到 {letter}"),
    e("err.wants-number", "this question wants a number in {unit}", "这道题要填一个以 {unit} 为单位的数"),
    e("err.allowed-words", "allowed: {words}", "可用：{words}"),
    // Parameter controls.
    e("group.outside", "Outside the cell (bath)", "细胞外（浴液）"),
    e("group.inside", "Inside the cell", "细胞内"),
    e("group.permeability", "Permeabilities", "通透性"),
    e("group.pump", "Na⁺/K⁺ pump", "钠钾泵（Na⁺/K⁺ 泵）"),
    e("group.cell", "Temperature and cell", "温度与细胞"),
    e("group.outside.hint", "The bath is large: its concentrations stay as set.", "浴液体积很大：其浓度保持设定值。"),
    e(
        "group.inside.hint",
        "Setting a value replaces that ion's content now; the leaks and the pump then change it (see the ion table).",
        "设定一个值会立即替换该离子的含量；之后泄漏和钠钾泵会改变它（见离子表）。",
    ),
    e(
        "group.permeability.hint",
        "Ratios to P_K, on a log scale. V moves toward the E of the ion whose permeability you raise.",
        "相对于 P_K 的比值，对数刻度。提高哪种离子的通透性，V 就向该离子的 E 移动。",
    ),
    e("group.pump.hint", "3 Na⁺ out and 2 K⁺ in per ATP: one net charge out per cycle.", "每个 ATP 泵出 3 个 Na⁺、泵入 2 个 K⁺：每个循环净移出一个电荷。"),
    e("control.nao", "Na⁺ outside", "细胞外 Na⁺"),
    e("control.ko", "K⁺ outside", "细胞外 K⁺"),
    e("control.clo", "Cl⁻ outside", "细胞外 Cl⁻"),
    e("control.cao", "Ca²⁺ outside", "细胞外 Ca²⁺"),
    e("control.nai", "Na⁺ inside", "细胞内 Na⁺"),
    e("control.ki", "K⁺ inside", "细胞内 K⁺"),
    e("control.cli", "Cl⁻ inside", "细胞内 Cl⁻"),
    e("control.cai", "Ca²⁺ inside", "细胞内 Ca²⁺"),
    e("control.pk", "P_K, K⁺ permeability", "P_K，K⁺ 通透性"),
    e("control.pna", "P_Na / P_K", "P_Na / P_K"),
    e("control.pcl", "P_Cl / P_K", "P_Cl / P_K"),
    e("control.pca", "P_Ca / P_K", "P_Ca / P_K"),
    e("control.pump", "Pump running", "钠钾泵运转"),
    e("control.ouabain", "Ouabain: block every pump", "哇巴因：阻断所有泵"),
    e("control.block", "Pumps blocked by ouabain", "被哇巴因阻断的泵"),
    e("control.pumpmax", "Pump capacity (I_max)", "泵的最大能力（I_max）"),
    e("control.temp", "Temperature", "温度"),
    e("control.volume", "Cell volume", "细胞体积"),
    e("control.volume.rigid", "Rigid: volume held fixed", "刚性：体积保持不变"),
    e("control.volume.swelling", "Swelling: water follows osmosis", "可肿胀：水随渗透移动"),
    e("control.slider", "{label}, slider from {min} to {max} {unit}", "{label}，滑块，从 {min} 到 {max} {unit}"),
    e("control.log-slider", "{label}, logarithmic slider from {min} to {max} {unit}", "{label}，对数滑块，从 {min} 到 {max} {unit}"),
    e("control.refused", "{error}{note}. Not applied: {label} stays at {now}.", "{error}{note}。未应用：{label}保持为 {now}。"),
    e("control.fraction-note", " (the model takes a fraction: {factor} {unit} = 1)", "（模型使用分数：{factor} {unit} = 1）"),
    // Ion table and counters.
    e("ions.heading", "Ions", "离子"),
    e("ions.caption", "Concentrations now, Nernst potential E and driving force V − E", "当前浓度、能斯特电位 E 和驱动力 V − E"),
    e("ions.col.ion", "Ion", "离子"),
    e("ions.col.inside", "Inside", "细胞内"),
    e("ions.col.outside", "Outside", "细胞外"),
    e("ions.col.e", "E", "E"),
    e("ions.col.df", "V − E", "V − E"),
    e("ions.moved", "{ion} moved: {n} ions{dir} = {pct} of the cell's {ion}", "{ion} 已移动：{n} 个离子{dir}，占细胞内 {ion} 的 {pct}"),
    e("ions.out", " out", "（向外）"),
    e("ions.in", " in", "（向内）"),
    e("ions.pump", "Pump: {cycles} cycles/s, using {atp} ATP/s", "钠钾泵：每秒 {cycles} 个循环，每秒消耗 {atp} 个 ATP"),
    e("ions.charge", "Charge on the membrane (C·V): {n} e{side} = {pct} of the cell's K⁺", "膜上的电荷（C·V）：{n} 个 e{side}，占细胞内 K⁺ 的 {pct}"),
    e("ions.inside-negative", ", inside negative", "，内负"),
    e("ions.inside-positive", ", inside positive", "，内正"),
    e("ions.volume-rigid", "Volume: held fixed (rigid cell)", "体积：保持不变（刚性细胞）"),
    e("ions.volume-swelling", "Volume: {n} × the starting volume (swelling cell)", "体积：初始体积的 {n} 倍（可肿胀细胞）"),
    e(
        "ions.note",
        "Ions moved are counted from the last start, change of an inside concentration, or jump to the steady state.",
        "移动的离子数从最近一次开始、改变细胞内浓度或跳到稳态时算起。",
    ),
    e("count.thousand", "thousand", "千"),
    e("count.million", "million", "百万"),
    e("count.billion", "billion", "十亿"),
    e("count.trillion", "trillion", "万亿"),
    // Equations.
    e("eq.heading", "Equations with the present numbers", "代入当前数值的方程"),
    e("eq.nernst", "Nernst: the equilibrium potential of one ion", "能斯特方程：单一离子的平衡电位"),
    e("eq.ghk", "Goldman–Hodgkin–Katz: the voltage where the leak currents cancel", "戈德曼-霍奇金-卡茨（GHK）方程：泄漏电流相互抵消时的电压"),
    e("eq.note", "Permeabilities as ratios to P_K; concentrations in mM.", "通透性以相对于 P_K 的比值表示；浓度单位为 mM。"),
    e("eq.ghk-value", "GHK (leaks only)", "GHK（只计泄漏）"),
    e("eq.zero-current", "Zero current, pump included", "零电流（计入泵）"),
    e("eq.vm", "V_m now", "当前 V_m"),
    e("eq.why.none", "No monovalent ion can cross, so the GHK equation has no value here.", "没有一价离子能穿过膜，所以 GHK 方程在这里没有值。"),
    e("eq.why.no-pump", "The pump carries no current now, so the leaks alone set the voltage: V_m heads for the GHK value.", "钠钾泵现在不产生电流，所以只由泄漏决定电压：V_m 趋向 GHK 值。"),
    e(
        "eq.why.pump",
        "V_m rests {gap} mV {side} than the GHK value because the GHK equation counts only the leaks: the pump pushes one net charge out per cycle ({pump} µA/cm²), so at rest the leaks must carry an equal net inward current.",
        "V_m 的静息值比 GHK 值{side} {gap} mV，因为 GHK 方程只计入泄漏：钠钾泵每个循环净移出一个电荷（{pump} µA/cm²），所以静息时泄漏必须携带等量的净内向电流。",
    ),
    e("eq.why.more-negative", "more negative", "更负"),
    e("eq.why.less-negative", "less negative", "不那么负"),
    e("eq.why.on-its-way", " V_m is still on its way to the zero-current value.", "V_m 仍在趋向零电流值的途中。"),
    e("eq.why.ca", " Ca²⁺ (valence 2) is left out of this closed form; the model includes it.", "这个解析式不含 Ca²⁺（化合价为 2）；模型计入了它。"),
    // Voltage chart.
    e("chart.x", "model time ({unit})", "模型时间（{unit}）"),
    e("chart.y", "V (mV)", "V（mV）"),
    e("chart.x-log", "time since start (log scale)", "自开始起的时间（对数刻度）"),
    e("chart.log-time", "log time (milliseconds and hours on one axis)", "对数时间（毫秒和小时在同一条轴上）"),
    e("chart.current-y", "µA/cm², outward +", "µA/cm²，外向为正"),
    e("chart.outward", "outward ↑", "外向 ↑"),
    e("chart.inward", "inward ↓", "内向 ↓"),
    e("chart.pump", "pump", "泵"),
    e("chart.injected", "injected", "注入"),
    e("chart.total", "total", "总计"),
    e("chart.total-sub", "total", "总"),
    e("chart.conc-y", "inside (mM)", "细胞内（mM）"),
    e("chart.volume-y", "volume (× start)", "体积（× 初始）"),
    e("chart.volume", "volume", "体积"),
    e("chart.iv-x", "held voltage (mV)", "钳制电压（mV）"),
    e("chart.held", "held", "钳制"),
    e("chart.rest", "rest", "静息"),
    // Chart panels.
    e("currents.heading", "Currents now", "当前电流"),
    e(
        "currents.caption",
        "Steady state, not equilibrium: Na⁺ leaks in and K⁺ leaks out all the time, yet with the pump the currents sum to zero.",
        "是稳态而非平衡态：Na⁺ 不断内漏、K⁺ 不断外漏，但算上钠钾泵的电流，各电流之和为零。",
    ),
    e(
        "currents.not-steady",
        "Not yet steady: a net current of {current} µA/cm² is charging the membrane, so V is moving.",
        "尚未达到稳态：{current} µA/cm² 的净电流正在给膜充电，所以 V 仍在变化。",
    ),
    e(
        "currents.steady-pump",
        "Steady state, not equilibrium: Na⁺ leaks in and K⁺ leaks out all the time, yet with the pump the currents sum to zero — the pump must keep working to hold the gradients.",
        "是稳态而非平衡态：Na⁺ 不断内漏、K⁺ 不断外漏，但算上钠钾泵的电流，各电流之和为零——钠钾泵必须持续工作才能维持离子梯度。",
    ),
    e(
        "currents.steady-blocked",
        "Steady state, not equilibrium: the leaks sum to zero, but with the pump blocked Na⁺ keeps leaking in and K⁺ out, so the gradients run down.",
        "是稳态而非平衡态：各泄漏电流之和为零，但钠钾泵被阻断后 Na⁺ 持续内漏、K⁺ 持续外漏，离子梯度逐渐耗散。",
    ),
    e(
        "aria.currents-chart",
        "Bars of each ion's leak current, the pump current and their total, outward positive; the numbers are in the table below",
        "柱状图：每种离子的泄漏电流、钠钾泵电流及其总和，外向为正；具体数值见下表",
    ),
    e("table.current", "current (µA/cm²)", "电流（µA/cm²）"),
    e("table.drive", "V − E (mV)", "V − E（mV）"),
    e("table.e", "E (mV)", "E（mV）"),
    e("table.pump", "pump", "钠钾泵"),
    e("table.total", "total", "总计"),
    e("conc.heading", "Inside concentrations", "细胞内浓度"),
    e(
        "aria.conc-chart",
        "Inside Na⁺, K⁺ and Cl⁻ concentrations against model time, on the same time axis as the voltage chart",
        "细胞内 Na⁺、K⁺ 和 Cl⁻ 浓度随模型时间的变化，时间轴与电压图相同",
    ),
    e("clamp.summary", "Voltage clamp: hold V and read each ion's current", "电压钳：把 V 固定住，读出每种离子的电流"),
    e(
        "clamp.note",
        "An evaluation at the present concentrations: the running cell is not changed.",
        "按当前浓度计算：正在运行的细胞不受影响。",
    ),
    e("clamp.label", "Held voltage", "钳制电压"),
    e("clamp.slider", "Held voltage, from −120 to +60 mV", "钳制电压，从 −120 到 +60 mV"),
    e("clamp.to", "Hold V at", "把 V 钳制在"),
    e("clamp.to.rest", "Hold V at the resting potential, where the total current is zero", "把 V 钳制在静息电位（总电流为零处）"),
    e("clamp.to.k", "Hold V at E_K, the reversal potential of K⁺", "把 V 钳制在 E_K，即 K⁺ 的反转电位"),
    e("clamp.to.na", "Hold V at E_Na, the reversal potential of Na⁺", "把 V 钳制在 E_Na，即 Na⁺ 的反转电位"),
    e("clamp.to.cl", "Hold V at E_Cl, the reversal potential of Cl⁻", "把 V 钳制在 E_Cl，即 Cl⁻ 的反转电位"),
    e("clamp.range", "the held voltage must be a number from {lo} to +{hi} mV", "钳制电压必须是 {lo} 到 +{hi} mV 之间的数"),
    e("clamp.refused", "{range}, got “{text}”. Not applied.", "{range}，而输入的是“{text}”。未应用。"),
    e("clamp.stays", " The held voltage stays at {v} mV.", "钳制电压保持为 {v} mV。"),
    e(
        "aria.iv-chart",
        "I–V curves: each ion's current crosses zero at its reversal potential, the total at the resting potential; the held voltage is marked",
        "I–V 曲线：每种离子的电流在其反转电位处过零，总电流在静息电位处过零；图中标出了钳制电压",
    ),
    // Screen-reader texts.
    e("a11y.announce", "Membrane voltage {v}", "膜电位 {v}"),
    e("a11y.chart", "Chart of the membrane voltage against model time", "膜电位随模型时间变化的曲线图"),
    e("a11y.chart-span", " over {span}: now {v}", "，时长 {span}：当前为 {v}"),
    e("a11y.chart-range", ", between {lo} and {hi} in that time", "，这段时间内在 {lo} 与 {hi} 之间"),
    e(
        "a11y.chart-e",
        ". Dashed reference lines: E K {k}, E Na {na}, E Cl {cl}.",
        "。虚线为平衡电位参考线：E K {k}，E Na {na}，E Cl {cl}。",
    ),
    e(
        "a11y.rt-f",
        "R T over F equals 8.314 times {t} kelvin over 96485, which is {v} millivolts",
        "R T 除以 F 等于 8.314 乘以 {t} 开尔文再除以 96485，即 {v} 毫伏",
    ),
    e("a11y.minus", "minus ", "负"),
    e(
        "a11y.nernst-symbols",
        "E {ion} equals R T over {z}F, times the natural log of {sym} outside over {sym} inside",
        "E {ion} 等于 R T 除以 {z}F，乘以细胞外 {sym} 与细胞内 {sym} 之比的自然对数",
    ),
    e(
        "a11y.nernst-numbers",
        "E {ion} equals {rtf} millivolts times the natural log of {out} over {in} millimolar, which is {e}",
        "E {ion} 等于 {rtf} 毫伏乘以 {out} 与 {in} 毫摩尔之比的自然对数，即 {e}",
    ),
    e(
        "a11y.ghk-symbols",
        "V GHK equals R T over F, times the natural log of (P K times K⁺ outside plus P Na times Na⁺ outside plus P Cl times Cl⁻ inside) over (P K times K⁺ inside plus P Na times Na⁺ inside plus P Cl times Cl⁻ outside)",
        "V GHK 等于 R T 除以 F，乘以（P K 乘细胞外 K⁺ 加 P Na 乘细胞外 Na⁺ 加 P Cl 乘细胞内 Cl⁻）除以（P K 乘细胞内 K⁺ 加 P Na 乘细胞内 Na⁺ 加 P Cl 乘细胞外 Cl⁻）的自然对数",
    ),
    e("a11y.times", "{p} times {c}", "{p} 乘 {c}"),
    e("a11y.plus", " plus ", " 加 "),
    e(
        "a11y.ghk-numbers",
        "V GHK equals {rtf} millivolts times the natural log of ({num}) over ({den}), with the permeabilities as ratios to P K and concentrations in millimolar; {result}",
        "V GHK 等于 {rtf} 毫伏乘以（{num}）除以（{den}）的自然对数，通透性以相对于 P K 的比值表示，浓度单位为毫摩尔；{result}",
    ),
    e("a11y.ghk-result", "V GHK equals {v}", "V GHK 等于 {v}"),
    e("a11y.ghk-none", "V GHK has no value: no monovalent ion can cross", "V GHK 没有值：没有一价离子能穿过膜"),
    // Membrane view.
    e("mem.outside", "Outside", "细胞外"),
    e("mem.inside", "Inside", "细胞内"),
    e("mem.pump", "pump", "泵"),
    e("mem.net", "net", "净"),
    e("mem.cycles", "{n} cycles/s", "{n} 循环/秒"),
    e("mem.stopped", "stopped", "已停"),
    e("mem.off", "OFF", "关"),
    e("mem.per-s", "/s", "/秒"),
    e("mem.impermeant", "A⁻ (impermeant)", "A⁻（不可透过）"),
    e("mem.numbers", "numbers: ions/s, ↑ out of the cell (motion off)", "数字：离子/秒，↑ 表示出细胞（动画关闭）"),
    e("mem.moving-dot", "moving dot ≈ {n} ions", "每个移动的点 ≈ {n} 个离子"),
    e("mem.pump-legend", "Na⁺/K⁺ pump: 3 Na⁺ out, 2 K⁺ in per cycle", "钠钾泵：每个循环泵出 3 个 Na⁺、泵入 2 个 K⁺"),
    e("mem.pump-legend-short", "pump: 3 Na⁺ out, 2 K⁺ in per cycle", "泵：每循环 3 Na⁺ 出、2 K⁺ 入"),
    e("mem.dot", "1 dot = {n} mM", "1 个点 = {n} mM"),
    e("mem.per-10mv", "per 10 mV", "每 10 mV"),
    e(
        "mem.describe",
        "The membrane, with the bath above and the cell below. Outside: K⁺ {ko} mM, Na⁺ {nao} mM, Cl⁻ {clo} mM. Inside: K⁺ {ki} mM, Na⁺ {nai} mM, Cl⁻ {cli} mM, impermeant anions {a} mM. K⁺ leaks {kdir}, Na⁺ leaks {nadir}; {pump}. The membrane's charge layer is {faces}.",
        "细胞膜：上方是浴液，下方是细胞。细胞外：K⁺ {ko} mM，Na⁺ {nao} mM，Cl⁻ {clo} mM。细胞内：K⁺ {ki} mM，Na⁺ {nai} mM，Cl⁻ {cli} mM，不可透过的阴离子 {a} mM。K⁺ {kdir}泄漏，Na⁺ {nadir}泄漏；{pump}。膜上的电荷层{faces}。",
    ),
    e("mem.faces-plus-out", "positive outside, negative inside", "外正内负"),
    e("mem.faces-plus-in", "positive inside, negative outside", "内正外负"),
    e("mem.pump-running", "the Na⁺/K⁺ pump is running", "钠钾泵正在运转"),
    e("mem.pump-stopped", "the Na⁺/K⁺ pump is stopped", "钠钾泵已停止"),
    e("mem.dir-out", "out", "向外"),
    e("mem.dir-in", "in", "向内"),
    e("mem.dir-none", "neither way", "不向任何方向"),
    e(
        "aria.membrane",
        "The membrane between the bath and the cell: ions drawn by concentration, leak channels, the Na⁺/K⁺ pump and the charge layer",
        "浴液与细胞之间的细胞膜：按浓度画出的离子、泄漏通道、钠钾泵和电荷层",
    ),
    // Lessons.
    e("lessons.heading", "Guided lessons", "引导课程"),
    e("lessons.label", "Lesson", "课程"),
    e("lessons.none", "No lesson: free exploration", "不选课程：自由探索"),
    e("lessons.course", "Course text: {heading}", "课程文本：{heading}"),
    e("lessons.run", "Suggested run: {duration} of model time at {speed}.", "建议运行：模型时间 {duration}，速度 {speed}。"),
    e("lessons.steps", "What to do", "怎么做"),
    e("lessons.notice", "What to notice", "注意观察"),
    e("lessons.question", "Predict, then check", "先预测，再检查"),
    e("lessons.prediction", "Your prediction", "你的预测"),
    e("lessons.choices", "Choose one", "选择一项"),
    e("lessons.check", "Check", "检查"),
    e("lessons.restart", "Restart the lesson", "重新开始本课"),
    e(
        "lessons.unknown",
        "There is no lesson \"{id}\" (lessons: {known}). No lesson is open.",
        "没有名为“{id}”的课程（可用课程：{known}）。当前未打开课程。",
    ),
    e("lessons.failed", "The lesson could not start: {error}", "课程无法开始：{error}"),
    e("lessons.choose-first", "Choose an answer first.", "请先选择一个答案。"),
];

/// The row for `key`, if the table has one.
pub fn entry(key: &str) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.key == key)
}

/// Shown for a key the table lacks (a bug that the tests catch).
pub const MISSING: &str = "⁇";

/// The text for `key` in `lang` ([`MISSING`] when the table lacks the key).
pub fn tr(key: &str, lang: Lang) -> &'static str {
    match entry(key) {
        Some(e) => match lang {
            Lang::En => e.en,
            Lang::Zh => e.zh,
        },
        None => MISSING,
    }
}

/// The text for `key` in the page's present language.
pub fn t(key: &str) -> &'static str {
    tr(key, lang())
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// [`t`] then [`fill`].
pub fn tf(key: &str, values: &[(&str, &str)]) -> String {
    fill(t(key), values)
}

/// The attributes [`apply`] fills, and what it fills from them.
pub const ATTRIBUTES: [(&str, Option<&str>); 4] = [
    ("data-i18n", None),
    ("data-i18n-aria-label", Some("aria-label")),
    ("data-i18n-title", Some("title")),
    ("data-i18n-content", Some("content")),
];

/// Fill every element under `root` that carries one of [`ATTRIBUTES`] with
/// its text in `lang`.
pub fn apply(root: &Element, lang: Lang) -> Result<(), JsValue> {
    for (attr, target) in ATTRIBUTES {
        let list = root.query_selector_all(&format!("[{attr}]"))?;
        for i in 0..list.length() {
            let Some(el) = list
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
            else {
                continue;
            };
            let Some(key) = el.get_attribute(attr) else {
                continue;
            };
            let text = tr(&key, lang);
            match target {
                None => crate::dom::set_text(&el, text),
                Some(a) => el.set_attribute(a, text)?,
            }
        }
    }
    Ok(())
}

/// The language a page asks for: `?lang=zh` / `?lang=en` first, then the
/// first of the browser's languages that is Chinese or English, then English.
pub fn choose(query_lang: Option<&str>, browser: &[String]) -> Lang {
    query_lang
        .and_then(Lang::parse)
        .or_else(|| browser.iter().find_map(|l| Lang::parse(l)))
        .unwrap_or(Lang::En)
}

/// The browser's preferred languages (`navigator.languages`), best first.
pub fn browser_languages() -> Vec<String> {
    let Some(w) = web_sys::window() else {
        return Vec::new();
    };
    let nav = w.navigator();
    let mut out: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if out.is_empty() {
        out.extend(nav.language());
    }
    out
}

/// A number as the model error's `Display` writes it, but with a real minus sign.
fn plain_number(v: f64) -> String {
    let s = format!("{v}");
    match s.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

/// A field name for a reader: in Chinese, the control's label with the key
/// in brackets (`细胞外 K⁺（K_o）`); in English, the key as the model names it.
fn field_name(field: &str, lang: Lang) -> String {
    match lang {
        Lang::En => field.to_string(),
        Lang::Zh => {
            let label = crate::controls::SPECS
                .iter()
                .find(|s| s.key == field)
                .map(|s| tr(&format!("control.{}", s.id), Lang::Zh).to_string());
            match label {
                Some(l) => format!("{l}（{field}）"),
                None => field.to_string(),
            }
        }
    }
}

/// Split "`lo` and at most `hi` `unit`" style tails: returns (lo, hi, unit).
fn bounds(text: &str, joiner: &str) -> Option<(String, String, String)> {
    let (lo, rest) = text.split_once(joiner)?;
    let rest = rest.trim();
    let (hi, unit) = match rest.split_once(' ') {
        Some((hi, unit)) => (hi, unit.trim()),
        None => (rest, ""),
    };
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .map(plain_number)
            .unwrap_or_else(|| s.trim().to_string())
    };
    Some((num(lo), num(hi), unit.to_string()))
}

/// The "allowed" part of an out-of-range error in `lang`.
fn allowed_text(allowed: &str, lang: Lang) -> String {
    let with_unit = |key: &str, lo: &str, hi: &str, unit: &str| {
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        fill(tr(key, lang), &[("lo", lo), ("hi", hi), ("unit", &unit)])
    };
    if let Some(rest) = allowed.strip_prefix("a finite number greater than ") {
        if let Some((lo, hi, unit)) = bounds(rest, " and at most ") {
            return with_unit("err.allowed.open", &lo, &hi, &unit);
        }
    }
    if let Some(rest) = allowed.strip_prefix("a finite number at least ") {
        if let Some((lo, hi, unit)) = bounds(rest, " and at most ") {
            return with_unit("err.allowed.closed", &lo, &hi, &unit);
        }
    }
    if let Some(rest) = allowed.strip_prefix("a finite number from ") {
        if let Some((lo, hi, unit)) = bounds(rest, " to ") {
            return with_unit("err.allowed.from-to", &lo, &hi, &unit);
        }
    }
    if allowed == "a finite number" {
        return tr("err.allowed.finite", lang).to_string();
    }
    if let Some(rest) = allowed.strip_prefix("one of the choices 1 to ") {
        let (n, tail) = match rest.split_once(',') {
            Some((n, _)) => (n, tr("err.allowed.not-number", lang)),
            None => (rest, ""),
        };
        return format!(
            "{}{tail}",
            fill(tr("err.allowed.choice", lang), &[("n", n.trim())])
        );
    }
    if lang == Lang::En {
        return allowed.to_string();
    }
    fill(tr("err.allowed.other", lang), &[("allowed", allowed)])
}

/// The text of a not-a-number error. The model puts extra advice after the
/// reader's text as `TEXT" (advice)`; the advice is translated when known.
fn nan_text(field: &str, text: &str, lang: Lang) -> String {
    let (given, advice) = match text.split_once("\" (") {
        Some((g, a)) => (g, Some(a.trim_end_matches(')'))),
        None => (text, None),
    };
    let mut s = fill(
        tr("err.nan", lang),
        &[("field", &field_name(field, lang)), ("text", given)],
    );
    if let Some(a) = advice {
        let words = if let Some(rest) = a.strip_prefix("choose 1 to ") {
            match rest.split_once(" or A to ") {
                Some((n, letter)) => fill(
                    tr("err.choose", lang),
                    &[("n", n.trim()), ("letter", letter.trim())],
                ),
                None => a.to_string(),
            }
        } else if let Some(unit) = a.strip_prefix("this question wants a number in ") {
            fill(tr("err.wants-number", lang), &[("unit", unit.trim())])
        } else if let Some(w) = a.strip_prefix("allowed: ") {
            let w = if lang == Lang::Zh {
                w.replace(" or ", " 或 ")
            } else {
                w.to_string()
            };
            fill(tr("err.allowed-words", lang), &[("words", &w)])
        } else {
            a.to_string()
        };
        match lang {
            Lang::En => s.push_str(&format!(" ({words})")),
            Lang::Zh => s.push_str(&format!("（{words}）")),
        }
    }
    s
}

/// A model error in `lang`. English gives the model's own words.
pub fn model_error(e: &ModelError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ModelError::OutOfRange {
            field,
            value,
            allowed,
        } => fill(
            tr("err.range", lang),
            &[
                ("field", &field_name(field, lang)),
                ("value", &plain_number(*value)),
                ("allowed", &allowed_text(allowed, lang)),
            ],
        ),
        ModelError::NotANumber { field, text } => nan_text(field, text, lang),
        ModelError::UnknownField { field, known } => fill(
            tr("err.unknown-field", lang),
            &[("field", field), ("known", known)],
        ),
        ModelError::UnknownPreset { name } => fill(
            tr("err.unknown-preset", lang),
            &[
                ("name", name),
                ("known", &rpl_model::PRESET_NAMES.join("、")),
            ],
        ),
        ModelError::Malformed { message } => {
            fill(tr("err.malformed", lang), &[("message", message)])
        }
        ModelError::NoImpermeantAnions { permeant_charge_mm } => fill(
            tr("err.no-anions", lang),
            &[("charge", &rpl_lessons::text::number(*permeant_charge_mm, 3))],
        ),
        ModelError::NoPermeantIon => tr("err.no-permeant", lang).to_string(),
        ModelError::NoConvergence { what, detail } => fill(
            tr("err.no-convergence", lang),
            &[("what", what), ("detail", detail)],
        ),
    }
}

/// A model error in the page's present language.
pub fn error_text(e: &ModelError) -> String {
    model_error(e, lang())
}

/// A count in Chinese number words: 950, 1.2万, 5800万, 3.1亿, 4.2万亿;
/// beyond 10¹⁵ in scientific form. `mantissa` formats the leading number.
pub fn count_words(a: f64, mantissa: impl Fn(f64) -> String) -> String {
    if a >= 1e12 {
        format!("{}万亿", mantissa(a / 1e12))
    } else if a >= 1e8 {
        format!("{}亿", mantissa(a / 1e8))
    } else if a >= 1e4 {
        format!("{}万", mantissa(a / 1e4))
    } else {
        mantissa(a.round())
    }
}

/// Every key used in `index.html`'s `data-i18n*` attributes.
pub fn html_keys(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (attr, _) in ATTRIBUTES {
        let needle = format!("{attr}=\"");
        let mut rest = html;
        while let Some(i) = rest.find(&needle) {
            rest = &rest[i + needle.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    out
}
