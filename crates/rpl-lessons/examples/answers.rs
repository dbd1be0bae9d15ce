//! Print every lesson's question and the model's answer, in both languages.

use rpl_lessons::{lessons, Answer, Lang};

fn main() {
    for l in lessons() {
        println!("{} — {}", l.id, l.question.prompt.get(Lang::En));
        match l.question.model_answer() {
            Ok(m) => {
                match m.answer {
                    Answer::Number(v) => println!("  answer: {v} {}", l.question.unit()),
                    Answer::Choice(i) => println!(
                        "  answer: {} ({})",
                        i + 1,
                        l.question.options().get(i).map_or("", |t| t.get(Lang::En))
                    ),
                }
                for lang in Lang::ALL {
                    println!("  {}", m.explanation.get(lang));
                }
            }
            Err(e) => println!("  error: {e}"),
        }
    }
}
