//! Browser tests of the share, embed and export feature in Chinese, on the
//! real `index.html` (its `<main>` is put into the test page): the buttons,
//! the Share and Embed dialogs, the PNG buttons and the notices about bad
//! link parts read in Chinese, and the 中文 / English buttons reword them live.
#![cfg(target_arch = "wasm32")]

use rpl_lessons::text::has_cjk;
use rpl_lessons::Lang;
use rpl_web::view::i18n;
use rpl_web::view::share::{self, ids};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

fn text_of(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_string()
}

/// Text of every element matching `selector` inside `root`.
fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|e| text_of(&e))
        .collect()
}

/// Chinese, with no English word of two letters or more left (CSV and PNG
/// are names, and so is the `then` and `embed` of a link).
fn is_chinese(text: &str) -> bool {
    let english = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .any(|w| !["CSV", "PNG", "Ctrl", "Mac", "embed", "then"].contains(&w));
    has_cjk(text) && !english
}

#[wasm_bindgen_test]
async fn share_and_embed_dialogs_read_in_chinese_and_switch_live() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?preset=neuron&lang=zh");
    for id in [ids::SHARE, ids::EMBED, ids::CSV, "share-bar-label"] {
        let el = by_id::<HtmlElement>(&root, id);
        assert!(is_chinese(&text_of(&el)), "#{id}: {}", text_of(&el));
    }
    assert_eq!(text_of(&by_id(&root, ids::SHARE)), "分享");
    assert_eq!(text_of(&by_id(&root, ids::EMBED)), "嵌入");
    assert_eq!(text_of(&by_id(&root, ids::CSV)), "下载 CSV");
    for id in [ids::SHARE, ids::EMBED, ids::CSV] {
        let title = by_id::<HtmlElement>(&root, id).title();
        assert!(is_chinese(&title), "#{id} title: {title}");
    }
    let png = texts(&root, "#png-buttons button");
    assert!(png.len() >= 2, "{png:?}");
    assert!(png.contains(&"PNG：电压".to_string()), "{png:?}");
    assert!(png.iter().all(|t| is_chinese(t)), "{png:?}");

    // The share dialog.
    by_id::<HtmlElement>(&root, ids::SHARE).click();
    app.flush();
    let dialog = by_id::<Element>(&root, ids::SHARE_DIALOG);
    assert!(dialog.has_attribute("open"), "Share opens the dialog");
    let words = texts(&dialog, "h2, p.dialog-hint, label, button");
    assert_eq!(words.len(), 5, "{words:?}");
    for w in &words {
        assert!(is_chinese(w), "share dialog: {w}");
    }
    assert!(words.contains(&"分享当前状态".to_string()), "{words:?}");
    assert!(words.contains(&"复制".to_string()) && words.contains(&"关闭".to_string()));
    // Copy: the status line says what happened, in Chinese.
    by_id::<HtmlElement>(&root, ids::SHARE_COPY).click();
    app.flush();
    let status = by_id::<HtmlElement>(&root, ids::SHARE_STATUS);
    for _ in 0..20 {
        if !status.hidden() {
            break;
        }
        sleep(50).await;
    }
    assert!(!status.hidden(), "Copy reports");
    assert!(is_chinese(&text_of(&status)), "{}", text_of(&status));
    // The language switch rewords the open dialog and its status line.
    by_id::<HtmlElement>(&root, "lang-en").click();
    app.flush();
    assert_eq!(text_of(&by_id(&root, "share-title")), "Share this state");
    assert!(
        ["Copied.", "The text is selected"]
            .iter()
            .any(|s| text_of(&status).starts_with(s)),
        "{}",
        text_of(&status)
    );
    assert!(texts(&root, "#png-buttons button").contains(&"PNG: voltage".to_string()));
    assert_eq!(
        by_id::<HtmlElement>(&root, ids::CSV).title(),
        "The traces of this run as a CSV file"
    );
    by_id::<HtmlElement>(&root, "lang-zh").click();
    app.flush();
    assert!(is_chinese(&text_of(&status)), "{}", text_of(&status));
    dialog
        .dyn_ref::<web_sys::HtmlDialogElement>()
        .unwrap()
        .close();

    // The embed dialog.
    by_id::<HtmlElement>(&root, ids::EMBED).click();
    app.flush();
    let dialog = by_id::<Element>(&root, ids::EMBED_DIALOG);
    assert!(dialog.has_attribute("open"), "Embed opens the dialog");
    let words = texts(&dialog, "h2, legend, label, button, p");
    // Heading, the choices (five panels, lesson, language, compact) with
    // their legend, the preview, the two fields and three buttons.
    assert!(words.len() >= 14, "{words:?}");
    // (The status line is empty until something is copied.)
    for w in words.iter().filter(|w| !w.is_empty()) {
        assert!(is_chinese(w), "embed dialog: {w}");
    }
    assert!(words.contains(&"嵌入网页".to_string()), "{words:?}");
    assert!(words.contains(&"框架中显示的内容".to_string()), "{words:?}");
    assert!(words.contains(&"复制脚本".to_string()), "{words:?}");
    // The snippet itself stays code.
    let code = by_id::<web_sys::HtmlTextAreaElement>(&root, ids::EMBED_CODE).value();
    assert!(
        code.starts_with("<iframe") && code.contains("embed=1"),
        "{code}"
    );
    dialog
        .dyn_ref::<web_sys::HtmlDialogElement>()
        .unwrap()
        .close();
}

#[wasm_bindgen_test]
fn bad_link_notices_read_in_chinese_and_switch_live() {
    let (_page, root) = index_page();
    let app = mount_paused(&root, "?lang=zh&lesson=nope&embed=7&then=bogus:1@5&K_o=-5");
    let notice = by_id::<HtmlElement>(&root, "notice");
    assert!(!notice.hidden());
    let text = text_of(&notice);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 3, "{text}");
    for line in &lines {
        assert!(has_cjk(line), "not Chinese: {line}");
        assert!(
            !line.contains("skipped") && !line.contains("In the link"),
            "{line}"
        );
    }
    // The unknown lesson is named once, by the lessons panel.
    let lesson_notice = text_of(&by_id::<HtmlElement>(&root, "lesson-notice"));
    assert!(
        lesson_notice.contains("没有名为“nope”的课程"),
        "{lesson_notice}"
    );
    assert!(!text.contains("nope"), "named twice: {text}");
    for needle in ["embed = “7”", "必须是 1 或 0", "bogus", "K_o", "已跳过"] {
        assert!(text.contains(needle), "notice names {needle}: {text}");
    }
    by_id::<HtmlElement>(&root, "lang-en").click();
    app.flush();
    let text = text_of(&notice);
    assert!(!has_cjk(&text), "{text}");
    assert!(text_of(&by_id::<HtmlElement>(&root, "lesson-notice"))
        .contains("There is no lesson \"nope\""));
    for needle in [
        "embed = \"7\" is not allowed",
        "That change was skipped",
        "That setting was skipped",
    ] {
        assert!(text.contains(needle), "notice says {needle}: {text}");
    }
}

#[wasm_bindgen_test]
fn notices_word_themselves_when_shown() {
    let n = share::Notice::key("share.notice.embed", &[("value", "7")]);
    i18n::set_lang(Lang::Zh);
    let zh = n.text();
    i18n::set_lang(Lang::En);
    let en = n.text();
    assert!(zh.contains("“7”") && has_cjk(&zh), "{zh}");
    assert_eq!(
        en,
        "In the link: embed = \"7\" is not allowed: it must be 1 or 0. That setting was skipped."
    );
}
