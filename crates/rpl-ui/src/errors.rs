//! Model errors for a reader, in either language: worded from the error's
//! fields by [`rpl_lessons::errors::words`] (templates `error.*` of the one
//! string table); in Chinese a key is named by the label of the control that
//! sets it (`细胞外 K⁺（K_o）`).

use rpl_model::ModelError;

use crate::controls::SPECS;
use crate::i18n::{self, Lang};

/// What `key` sets, in the reader's words in `lang` (`K_o` → "K⁺ outside"):
/// the table's `field.KEY`, or for a lesson question's prediction field
/// (`V_rest`, `V_after_2h`) "Your prediction". `None` for a name that is
/// neither (an unknown key in a link).
pub fn field_label(key: &str, lang: Lang) -> Option<&'static str> {
    let own = format!("field.{key}");
    if i18n::entry(&own).is_some() {
        return Some(i18n::tr(&own, lang));
    }
    rpl_lessons::lessons()
        .iter()
        .any(|l| l.question.field == key)
        .then(|| i18n::tr("field.prediction", lang))
}

/// A key's name for readers in Chinese: the label of the control that sets it.
fn zh_label(key: &str) -> Option<String> {
    SPECS
        .iter()
        .find(|s| s.key.name() == key)
        .map(|s| i18n::tr(&format!("control.{}", s.id), Lang::Zh).to_string())
}

/// A model error in `lang`: in Chinese a key is named by its control's
/// label; in English it is written as it is, as on the command line.
pub fn model_error(e: &ModelError, lang: Lang) -> String {
    match lang {
        Lang::Zh => rpl_lessons::errors::words(e, lang, &zh_label),
        Lang::En => rpl_lessons::errors::words(e, lang, &|_| None),
    }
}

/// A model error in the page's present language.
pub fn error_text(e: &ModelError) -> String {
    model_error(e, i18n::lang())
}
