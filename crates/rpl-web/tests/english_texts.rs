//! Browser test of a page that has not had its interface texts from its
//! loader (`rpl_text::lazy`): the page is built without them, and this
//! file's test page installs none first. Read in Chinese, it asks for the
//! Chinese file, then, when that cannot be had (the test server serves
//! neither file), for the English one to show in its place; with neither,
//! a notice in the reader's language says so (its texts are kept in the
//! page's table). Read in English with only the Chinese texts at hand, the
//! page shows them until the English file comes. The Chinese file fetched
//! on demand: `chinese_texts.rs`.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]
#![cfg(target_arch = "wasm32")]

use rpl_text::Lang;
use rpl_ui::state::LessonTexts;
use rpl_web::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The app on `root`, started from the query `search` and paused, with
/// only the texts installed so far (not `mount_paused`: that installs them).
fn mount_as_is(root: &Element, search: &str) -> App {
    let app = App::mount(root, search).unwrap();
    app.set_playing(false).unwrap();
    app
}

/// Wait until `done`, or about 2 s.
async fn until(app: &App, done: impl Fn(&App) -> bool) {
    for _ in 0..100 {
        if done(app) {
            break;
        }
        sleep(20).await;
    }
    app.flush();
}

fn notice(root: &Element) -> String {
    let notice = by_id::<HtmlElement>(root, "notice");
    assert!(!notice.hidden(), "the notice is shown");
    notice.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_page_without_its_texts_asks_for_them_then_the_other_language_and_says_why() {
    assert!(
        !rpl_text::lazy::texts_ready(Lang::En) && !rpl_text::lazy::texts_ready(Lang::Zh),
        "the page is built without the interface texts"
    );
    let doc = document();
    let html = include_str!("../../../index.html");
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let holder = doc.create_element("div").unwrap();
    holder.set_inner_html(&html[start..end]);
    let root = holder.first_element_child().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();

    // Read in Chinese: the Chinese file is asked for, then the English one.
    let app = mount_as_is(&root, "?lang=zh");
    assert_eq!(app.texts(Lang::Zh), LessonTexts::Loading);
    assert_eq!(app.texts(Lang::En), LessonTexts::Missing);
    until(&app, |a| {
        matches!(a.texts(Lang::En), LessonTexts::Failed(_))
    })
    .await;
    let LessonTexts::Failed(why) = app.texts(Lang::Zh) else {
        panic!("the Chinese fetch ends: {:?}", app.texts(Lang::Zh))
    };
    assert!(matches!(app.texts(Lang::En), LessonTexts::Failed(_)));
    // Neither: one notice, in Chinese, with the reason.
    let said = notice(&root);
    assert!(
        said.contains("页面文本未能加载") && said.contains(&why),
        "{said}"
    );
    assert!(!said.contains("中文文本未能加载"), "{said}");

    // The Chinese file as built: every label in Chinese.
    app.receive_texts(Lang::Zh, Ok(rpl_text::lazy::ZH_BUNDLE.to_string()));
    assert_eq!(app.texts(Lang::Zh), LessonTexts::Ready);
    assert_eq!(text(&root, "reset"), "全部重置");
    drop(app);

    // Read in English with only the Chinese texts: they stand in, never
    // empty labels, until the English file comes.
    let app = mount_as_is(&root, "?lang=en");
    assert_eq!(app.texts(Lang::En), LessonTexts::Loading);
    assert_eq!(app.texts(Lang::Zh), LessonTexts::Ready);
    assert_eq!(text(&root, "reset"), "全部重置");
    until(&app, |a| {
        matches!(a.texts(Lang::En), LessonTexts::Failed(_))
    })
    .await;
    let LessonTexts::Failed(why) = app.texts(Lang::En) else {
        panic!("the English fetch ends: {:?}", app.texts(Lang::En))
    };
    let said = notice(&root);
    assert!(
        said.contains("English texts could not be loaded") && said.contains(&why),
        "{said}"
    );
    assert_eq!(text(&root, "reset"), "全部重置");

    // A file of another build, or the other language's, is refused.
    app.receive_texts(Lang::En, Ok("rpl-texts-en 00 1\nx\0".into()));
    assert!(notice(&root).contains("another version"));
    app.receive_texts(Lang::En, Ok(rpl_text::lazy::ZH_BUNDLE.to_string()));
    assert!(!rpl_text::lazy::texts_ready(Lang::En));

    // The English file as built: every label in English.
    app.receive_texts(Lang::En, Ok(rpl_text::lazy::EN_BUNDLE.to_string()));
    assert_eq!(app.texts(Lang::En), LessonTexts::Ready);
    assert!(rpl_text::lazy::texts_ready(Lang::En));
    assert_eq!(text(&root, "reset"), "Reset all");
    drop(app);
    root.unchecked_into::<HtmlElement>().remove();
}
