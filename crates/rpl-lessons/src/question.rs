//! Questions the reader answers by predicting, then running the model.
//!
//! A question's correct answer is never written down: [`Question::model_answer`]
//! starts the lesson's scenario, applies the question's commands, runs the
//! model for the question's time and measures the answer, so it always agrees
//! with what the page shows. [`Question::check`] compares a [`Prediction`]
//! with it and returns a [`Verdict`] whose explanation quotes the model's
//! numbers in both languages.
//!
//! Bad predictions (empty text, not a number, NaN, out of range, a choice that
//! does not exist) are reported as [`ModelError`] values naming the question's
//! field; nothing here panics.

use crate::text::{quantity, scientific, Message, Text};
use rpl_model::error::{Range, Solver};
use rpl_model::{Command, Key, ModelError, Seconds, Simulation};

// The verdicts' wording (`verdict.*` in `lessons.toml`): the prediction
// `{ps}`, the model's answer `{as}`, the tolerance `{tol}`, how far off `{off}`.
const NUMBER_RIGHT: Text = Text::new("verdict.number-right");
const NUMBER_WRONG: Text = Text::new("verdict.number-wrong");
const CHOICE_RIGHT: Text = Text::new("verdict.choice-right");
const CHOICE_WRONG: Text = Text::new("verdict.choice-wrong");
/// The verdict, then the model's explanation.
const THEN: Text = Text::new("verdict.then");

/// What the reader predicts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prediction {
    /// A number in the question's unit.
    Number(f64),
    /// The index (from 0) of one of the question's options.
    Choice(usize),
}

/// How close a numeric prediction must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// Within ± this many units of the model's value.
    Absolute(f64),
    /// Within ± this fraction of the model's value (0.1 = 10 %).
    Relative(f64),
}

impl Tolerance {
    /// The allowed distance from `answer`.
    pub fn width(&self, answer: f64) -> f64 {
        match *self {
            Tolerance::Absolute(w) => w.abs(),
            Tolerance::Relative(r) => (r * answer).abs(),
        }
    }

    /// Whether `prediction` is close enough to `answer`.
    pub fn accepts(&self, answer: f64, prediction: f64) -> bool {
        (prediction - answer).abs() <= self.width(answer)
    }

    /// The tolerance as the reader sees it, e.g. `±5 mV` or `±10%`.
    pub fn describe(&self, unit: &str, decimals: usize) -> String {
        match *self {
            Tolerance::Absolute(w) => format!("±{}", quantity(w.abs(), decimals, unit)),
            Tolerance::Relative(r) => format!("±{}", quantity(r.abs() * 100.0, 0, "%")),
        }
    }
}

/// The form of a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum QuestionKind {
    /// Predict a number.
    Number {
        /// Its unit, e.g. `mV` (may be empty).
        unit: &'static str,
        /// Smallest prediction accepted as input.
        min: f64,
        /// Largest prediction accepted as input.
        max: f64,
        /// Decimals when the number is shown.
        decimals: usize,
        /// How close counts as correct.
        tolerance: Tolerance,
    },
    /// Pick one of several options.
    Choice {
        /// The options, in order.
        options: &'static [Text],
    },
}

/// The model's answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    /// A number in the question's unit.
    Number(f64),
    /// The index of the correct option.
    Choice(usize),
}

/// The model's answer and why, with its numbers filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelAnswer {
    /// The answer.
    pub answer: Answer,
    /// What the model shows, in both languages.
    pub explanation: Message,
}

/// The result of checking a prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether the prediction agrees with the model.
    pub correct: bool,
    /// The prediction that was checked.
    pub prediction: Prediction,
    /// The model's answer.
    pub answer: Answer,
    /// The comparison and the model's explanation, in both languages.
    pub explanation: Message,
}

/// How a question measures its answer on the simulation after its run.
pub type Measure = fn(&Simulation) -> Result<ModelAnswer, ModelError>;

/// A question: predict, then run.
#[derive(Debug, Clone, Copy)]
pub struct Question {
    /// The lesson whose scenario the question runs.
    pub lesson_id: &'static str,
    /// The name of the prediction field, used in error messages (e.g. `V_after_2h`).
    pub field: &'static str,
    /// The question.
    pub prompt: Text,
    /// Number or choice.
    pub kind: QuestionKind,
    /// Commands applied after the lesson has started, before the run (the change the reader makes).
    pub commands: &'static [(Key, f64)],
    /// Model time to run before the answer is read, s.
    pub run_s: f64,
    /// Reads the answer from the simulation.
    pub(crate) measure: Measure,
}

impl Question {
    /// The options of a choice question (empty for a numeric one).
    pub fn options(&self) -> &'static [Text] {
        match self.kind {
            QuestionKind::Choice { options } => options,
            QuestionKind::Number { .. } => &[],
        }
    }

    /// The unit of a numeric question (empty for a choice).
    pub fn unit(&self) -> &'static str {
        match self.kind {
            QuestionKind::Number { unit, .. } => unit,
            QuestionKind::Choice { .. } => "",
        }
    }

    /// The commands the question applies, as model commands.
    pub fn model_commands(&self) -> Vec<Command> {
        self.commands
            .iter()
            .map(|&(k, v)| Command::Set(k, v))
            .collect()
    }

    /// Run the lesson's scenario and measure the answer.
    pub fn model_answer(&self) -> Result<ModelAnswer, ModelError> {
        let lesson =
            crate::lesson(self.lesson_id).ok_or_else(|| crate::unknown_lesson(self.lesson_id))?;
        let mut sim = lesson.start()?;
        for cmd in self.model_commands() {
            sim.apply(cmd)?;
        }
        sim.advance(Seconds(self.run_s))?;
        let out = (self.measure)(&sim)?;
        let valid = match (self.kind, out.answer) {
            (QuestionKind::Number { .. }, Answer::Number(v)) => v.is_finite(),
            (QuestionKind::Choice { options }, Answer::Choice(i)) => i < options.len(),
            _ => false,
        };
        if valid {
            Ok(out)
        } else {
            Err(ModelError::NoConvergence {
                what: Solver::LessonQuestion,
                detail: "the model gave no usable answer".into(),
            })
        }
    }

    /// Check that a prediction has the right form and range, without running the model.
    pub fn validate(&self, prediction: &Prediction) -> Result<(), ModelError> {
        match (self.kind, *prediction) {
            (QuestionKind::Number { unit, min, max, .. }, Prediction::Number(v)) => {
                Range::closed(min, max)
                    .check(self.field, v, unit)
                    .map(|_| ())
            }
            (QuestionKind::Number { unit, .. }, Prediction::Choice(i)) => {
                Err(ModelError::WantsNumber {
                    key: self.field.to_string(),
                    choice: i.saturating_add(1),
                    unit,
                })
            }
            (QuestionKind::Choice { options }, Prediction::Choice(i)) => {
                if i < options.len() {
                    Ok(())
                } else {
                    Err(ModelError::NotAChoice {
                        key: self.field.to_string(),
                        text: i.saturating_add(1).to_string(),
                        count: options.len(),
                    })
                }
            }
            (QuestionKind::Choice { options }, Prediction::Number(v)) => {
                Err(ModelError::NotAChoice {
                    key: self.field.to_string(),
                    text: rpl_model::error::short_number(v),
                    count: options.len(),
                })
            }
        }
    }

    /// Read a prediction typed by the reader. Numbers may use a real or
    /// full-width minus sign, full-width digits, a trailing unit (`−70 mV`),
    /// thousands separators and `1.2e7` or `1.2×10^7`. Choices are given as
    /// `1`, `2`, … or `A`, `B`, ….
    pub fn parse(&self, text: &str) -> Result<Prediction, ModelError> {
        let not_a_number = || ModelError::NotANumber {
            key: self.field.to_string(),
            text: text.to_string(),
        };
        let norm = normalise(text);
        if norm.is_empty() {
            return Err(match self.kind {
                QuestionKind::Choice { options } => ModelError::NotAChoice {
                    key: self.field.to_string(),
                    text: text.to_string(),
                    count: options.len(),
                },
                QuestionKind::Number { .. } => not_a_number(),
            });
        }
        let prediction = match self.kind {
            QuestionKind::Number { unit, .. } => {
                // ASCII case folding: the units and the exponent mark are ASCII
                // (and the full Unicode tables would weigh on the page).
                let lower = norm.to_ascii_lowercase();
                let unit_l: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
                let body = lower
                    .strip_suffix(&unit_l.to_ascii_lowercase())
                    .filter(|_| !unit_l.is_empty())
                    .unwrap_or(&lower);
                let mut body = body.to_string();
                for times in ["×10^", "x10^", "*10^"] {
                    body = rpl_model::strings::replace(&body, times, "e");
                }
                let v = rpl_model::parse_f64(&body).ok_or_else(not_a_number)?;
                Prediction::Number(v)
            }
            QuestionKind::Choice { options } => {
                let mut chars = norm.chars();
                let index = match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_alphabetic() => {
                        Some(c.to_ascii_uppercase() as usize - 'A' as usize)
                    }
                    _ => norm.parse::<usize>().ok().and_then(|n| n.checked_sub(1)),
                };
                match index {
                    Some(i) => Prediction::Choice(i),
                    None => {
                        return Err(ModelError::NotAChoice {
                            key: self.field.to_string(),
                            text: text.to_string(),
                            count: options.len(),
                        })
                    }
                }
            }
        };
        self.validate(&prediction)?;
        Ok(prediction)
    }

    /// Check a prediction against the model: validate it, run the model, compare.
    pub fn check(&self, prediction: &Prediction) -> Result<Verdict, ModelError> {
        self.validate(prediction)?;
        let model = self.model_answer()?;
        let (correct, verdict_text) = match (self.kind, *prediction, model.answer) {
            (
                QuestionKind::Number {
                    unit,
                    decimals,
                    tolerance,
                    ..
                },
                Prediction::Number(p),
                Answer::Number(a),
            ) => {
                let ok = tolerance.accepts(a, p);
                let tol = tolerance.describe(unit, decimals);
                let (ps, as_) = (show(p, decimals, unit), show(a, decimals, unit));
                let off = show((p - a).abs(), decimals, unit);
                let verdict = if ok { NUMBER_RIGHT } else { NUMBER_WRONG };
                let text = Message::fill(
                    verdict,
                    &[("ps", &ps), ("as", &as_), ("off", &off), ("tol", &tol)],
                );
                (ok, text)
            }
            (QuestionKind::Choice { options }, Prediction::Choice(p), Answer::Choice(a)) => {
                let ok = p == a;
                let verdict = if ok { CHOICE_RIGHT } else { CHOICE_WRONG };
                let text = Message::build(|lang| {
                    let pick = |i: usize| options.get(i).map_or("", |t| t.get(lang));
                    verdict.fill(lang, &[("ps", pick(p)), ("as", pick(a))])
                });
                (ok, text)
            }
            // validate() and model_answer() have ruled the other pairings out.
            _ => {
                return Err(ModelError::NoConvergence {
                    what: Solver::LessonQuestion,
                    detail: "the prediction and the answer are of different kinds".into(),
                })
            }
        };
        let explanation = Message::build(|lang| {
            THEN.fill(
                lang,
                &[
                    ("verdict", verdict_text.get(lang)),
                    ("explanation", model.explanation.get(lang)),
                ],
            )
        });
        Ok(Verdict {
            correct,
            prediction: *prediction,
            answer: model.answer,
            explanation,
        })
    }
}

/// A number for the verdict: plain with `decimals` places, or in scientific
/// form when it is large.
fn show(x: f64, decimals: usize, unit: &str) -> String {
    if x.abs() >= 1e5 {
        format!("{} {unit}", scientific(x)).trim_end().to_string()
    } else {
        quantity(x, decimals, unit)
    }
}

/// Fold full-width forms and the various minus signs to ASCII, drop spaces,
/// and read commas: a decimal comma (`−85,6` is −85.6) or thousands
/// separators (`21,000,000`), see [`commas`].
fn normalise(text: &str) -> String {
    let sup = |c: char| match c {
        '⁰' => Some('0'),
        '¹' => Some('1'),
        '²' => Some('2'),
        '³' => Some('3'),
        '⁴' => Some('4'),
        '⁵' => Some('5'),
        '⁶' => Some('6'),
        '⁷' => Some('7'),
        '⁸' => Some('8'),
        '⁹' => Some('9'),
        '⁻' => Some('-'),
        _ => None,
    };
    let mut out = String::new();
    let mut in_superscript = false;
    for c in text.chars() {
        if let Some(d) = sup(c) {
            if !in_superscript && out.ends_with("10") {
                out.push('^');
            }
            in_superscript = true;
            out.push(d);
            continue;
        }
        in_superscript = false;
        let c = match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{2212}' | '\u{FF0D}' | '\u{2013}' | '\u{2012}' => '-',
            '\u{FF0B}' => '+',
            '\u{FF0E}' | '。' => '.',
            c => c,
        };
        if c.is_whitespace() || c == '_' {
            continue;
        }
        out.push(if c == '，' { ',' } else { c });
    }
    commas(&out)
}

/// Commas in a number: thousands separators when the number has a decimal
/// point, or when every comma is followed by a group of exactly three digits
/// (`21,000,000`, `1,234`); otherwise a single comma is a decimal comma, as
/// many readers write it (`−85,6` is −85.6, never −856).
fn commas(s: &str) -> String {
    if !s.contains(',') {
        return s.to_string();
    }
    let groups_of_three = s.match_indices(',').all(|(i, _)| {
        let after = s.as_bytes().get(i + 1..).unwrap_or_default();
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        digits == 3
    });
    if s.contains('.') || groups_of_three || s.matches(',').count() > 1 {
        rpl_model::strings::replace(s, ",", "")
    } else {
        rpl_model::strings::replace(s, ",", ".")
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalise_folds_full_width_and_minus_signs() {
        assert_eq!(normalise(" −７０．５ mV "), "-70.5mV");
        assert_eq!(normalise("－70"), "-70");
        assert_eq!(normalise("2.1 × 10⁷"), "2.1×10^7");
        assert_eq!(normalise("21,000,000"), "21000000");
        assert_eq!(normalise("21，000，000"), "21000000");
        assert_eq!(normalise("1,234.5"), "1234.5");
    }

    #[test]
    fn a_single_comma_before_other_than_three_digits_is_a_decimal_comma() {
        assert_eq!(normalise("−85,6"), "-85.6");
        assert_eq!(normalise("-85,65 mV"), "-85.65mV");
        assert_eq!(normalise("0,5"), "0.5");
        assert_eq!(normalise("1,234"), "1234", "three digits: thousands");
        assert_eq!(normalise("\u{3000}"), "");
    }
}
