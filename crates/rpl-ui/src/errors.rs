//! Model errors for a reader, in either language: worded from the error's
//! fields by [`rpl_lessons::errors::words`] (templates `error.*` of the one
//! string table), every key named in the reader's words (`field.*`: "K⁺
//! outside", "细胞外 K⁺"). A notice about a link adds the parameter as the
//! link writes it ("K⁺ outside (K_o)"): that is what the reader finds in
//! the address. A value too large for a number is "too large", never `inf`.

use rpl_model::ModelError;

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

/// A model error in `lang`, for the page: every key is named in the
/// reader's words ([`field_label`]: "K⁺ outside", "Your prediction"), never
/// by its name in links (`K_o`, `V_rest`).
pub fn model_error(e: &ModelError, lang: Lang) -> String {
    let label = |key: &str| field_label(key, lang).map(str::to_string);
    rpl_lessons::errors::words(e, lang, &label)
}

/// A model error found in a link, in `lang`: a key is named in the reader's
/// words and then as the link writes it ("K⁺ outside (K_o)", template
/// `field.in-link`), so the reader knows both what it is and what to look for
/// in the address they were given.
pub fn link_error(e: &ModelError, lang: Lang) -> String {
    let label = |key: &str| {
        field_label(key, lang).map(|l| {
            i18n::fill(
                i18n::tr("field.in-link", lang),
                &[("label", l), ("key", key)],
            )
        })
    };
    rpl_lessons::errors::words(e, lang, &label)
}

/// A model error in the page's present language ([`model_error`]).
pub fn error_text(e: &ModelError) -> String {
    model_error(e, i18n::lang())
}

/// A model error from a link in the page's present language ([`link_error`]).
pub fn link_error_text(e: &ModelError) -> String {
    link_error(e, i18n::lang())
}
