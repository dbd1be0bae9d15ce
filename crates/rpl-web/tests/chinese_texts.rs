//! Browser test of the Chinese texts loaded on demand (`rpl_text::lazy`):
//! the page is built without interface texts; a page read in English has
//! had `en-<digest>.txt` installed by its loader, and fetches
//! `zh-<digest>.txt` when it is first read in Chinese, showing the English
//! texts until they come. This file's test page installs the English texts
//! only, so it sees what a reader sees before the Chinese file arrives, and
//! when it cannot be had (the test server does not serve it). The other way
//! round, and a page with neither: `english_texts.rs`.

// A bad slice of text fails a test here; the page's own code takes slices
// with `get` (clippy::string_slice in Cargo.toml says why).
#![allow(clippy::string_slice)]
#![cfg(target_arch = "wasm32")]

use rpl_text::Lang;
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

/// The app on `root`, started from the query `search` and paused, with
/// only the texts installed so far (not `mount_paused`: that installs them).
fn mount_as_is(root: &web_sys::Element, search: &str) -> rpl_web::app::App {
    let app = rpl_web::app::App::mount(root, search).unwrap();
    app.set_playing(false).unwrap();
    app
}

#[wasm_bindgen_test]
async fn the_page_in_chinese_shows_english_until_its_texts_come_then_chinese() {
    assert!(
        !rpl_text::lazy::texts_ready(Lang::Zh) && !rpl_text::lazy::texts_ready(Lang::En),
        "the page is built without the interface texts"
    );
    // As the loader does for a page read in English.
    rpl_text::lazy::install_texts(Lang::En, rpl_text::lazy::EN_BUNDLE.to_string()).unwrap();
    // Not `index_page()`: that installs the texts.
    let doc = document();
    let html = include_str!("../../../index.html");
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let holder = doc.create_element("div").unwrap();
    holder.set_inner_html(&html[start..end]);
    let root = holder.first_element_child().unwrap();
    doc.body().unwrap().append_child(&root).unwrap();

    // Read in English, the page never asks for them.
    let app = mount_as_is(&root, "?lang=en");
    assert_eq!(app.texts(Lang::En), LessonTexts::Ready);
    assert_eq!(app.texts(Lang::Zh), LessonTexts::Missing);
    assert_eq!(text(&root, "reset"), "Reset all");
    drop(app);

    let app = mount_as_is(&root, "?lang=zh");
    // The fetch has started; until it ends the labels are English, never empty.
    assert_eq!(app.texts(Lang::Zh), LessonTexts::Loading);
    assert_eq!(text(&root, "reset"), "Reset all");

    // The test server has no such file: a notice says why, the page stays English.
    for _ in 0..100 {
        if matches!(app.texts(Lang::Zh), LessonTexts::Failed(_)) {
            break;
        }
        sleep(20).await;
    }
    app.flush();
    let LessonTexts::Failed(why) = app.texts(Lang::Zh) else {
        panic!("the fetch ends: {:?}", app.texts(Lang::Zh))
    };
    let notice = by_id::<HtmlElement>(&root, "notice");
    assert!(!notice.hidden());
    // In the reader's language: the page keeps the notice's texts in both.
    let said = notice.text_content().unwrap_or_default();
    assert!(
        said.contains("中文文本未能加载") && said.contains(&why),
        "{said}"
    );
    assert_eq!(text(&root, "reset"), "Reset all");

    // A file of another build is refused with its reason.
    app.receive_texts(Lang::Zh, Ok("rpl-texts-zh 00 1\nx\0".into()));
    assert!(!rpl_text::lazy::texts_ready(Lang::Zh));
    let said = notice.text_content().unwrap_or_default();
    assert!(said.contains("another version"), "{said}");

    // The file as built: every label in Chinese.
    app.receive_texts(Lang::Zh, Ok(rpl_text::lazy::ZH_BUNDLE.to_string()));
    assert_eq!(app.texts(Lang::Zh), LessonTexts::Ready);
    assert!(rpl_text::lazy::texts_ready(Lang::Zh));
    assert_eq!(text(&root, "reset"), "全部重置");
    drop(app);
    root.unchecked_into::<HtmlElement>().remove();
}
