//! Browser test of the lessons' texts loaded on demand (`rpl_text::lazy`):
//! the page is built without them and fetches `lessons-<digest>.txt` when a
//! lesson first opens. This file's test page never installs them first, so
//! it sees what a reader sees before the file arrives, and when it cannot be
//! had (the test server does not serve it).

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]
#![cfg(target_arch = "wasm32")]

use rpl_ui::state::LessonTexts;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Wait `ms` milliseconds (the fetch answers in its own time).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_lesson_says_its_texts_are_loading_then_why_they_failed_then_shows_them() {
    assert!(
        !rpl_text::lazy::ready(),
        "the page is built without the lessons' texts"
    );
    // Not `index_page()`: that installs the texts.
    let doc = document();
    let html = include_str!("../../../index.html");
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let holder = doc.create_element("div").unwrap();
    holder.set_inner_html(&html[start..end]);
    let root = holder.first_element_child().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();

    let app = mount_paused(&root, "?lesson=ghk&lang=en");
    let title = text(&root, "lesson-title");
    assert!(!title.is_empty(), "the title is in the page itself");
    // The fetch has started; the card says so and asks nothing yet.
    assert_eq!(app.lesson_texts(), LessonTexts::Loading);
    assert_eq!(text(&root, "lesson-intro"), "Loading the lesson…");
    let body: HtmlElement = by_id(&root, "lesson-body");
    assert_eq!(body.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(by_id::<HtmlElement>(&root, "lesson-form").hidden());
    app.check_prediction().unwrap();
    assert!(app.verdict().is_none(), "nothing to check yet");

    // The test server has no such file: the card says why, in the reader's words.
    for _ in 0..100 {
        if matches!(app.lesson_texts(), LessonTexts::Failed(_)) {
            break;
        }
        sleep(20).await;
    }
    app.flush();
    let LessonTexts::Failed(why) = app.lesson_texts() else {
        panic!("the fetch ends: {:?}", app.lesson_texts())
    };
    let intro = text(&root, "lesson-intro");
    assert!(
        intro.contains("could not be loaded") && intro.contains(&why),
        "{intro}"
    );

    // A damaged file is refused with its reason.
    app.receive_lesson_texts(Ok("rpl-lesson-texts 00 1\nx\0".into()));
    assert!(text(&root, "lesson-intro").contains("another version"));
    assert!(!rpl_text::lazy::ready());

    // The file as built: the card is whole, and the question can be checked.
    app.receive_lesson_texts(Ok(rpl_text::lazy::BUNDLE.to_string()));
    assert_eq!(app.lesson_texts(), LessonTexts::Ready);
    assert!(rpl_text::lazy::ready());
    assert_eq!(body.get_attribute("aria-busy").as_deref(), Some("false"));
    assert!(!by_id::<HtmlElement>(&root, "lesson-form").hidden());
    let intro = text(&root, "lesson-intro");
    assert!(intro.len() > 80 && !intro.contains("Loading"), "{intro}");
    assert!(!text(&root, "lesson-question").is_empty());
    assert_eq!(text(&root, "lesson-title"), title);
    by_id::<web_sys::HtmlInputElement>(&root, "lesson-input").set_value("-70");
    app.check_prediction().unwrap();
    assert!(app.verdict().is_some(), "checked once the texts are here");
    let verdict = text(&root, "lesson-verdict");
    assert!(verdict.len() > 40, "{verdict}");
    drop(app);
    root.unchecked_into::<HtmlElement>().remove();
}
