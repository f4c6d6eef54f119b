/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "xuexin-service-app-verification.h"
#include "xuexin-service-crypto.h"
#include "xuexin-service-handoff.h"
#include "xuexin-service-review-private.h"
#include "xuexin-service-throttle.h"

/*
 * The phone hand-off (docs/api.md, "Photos from the visitor's phone").
 *
 * A hand-off row holds the SHA-256 of a 256-bit token (never the token),
 * the account, and the session that created it. It is usable while it
 * has not expired (15 minutes), that session is alive (the row goes with
 * the session by ON DELETE CASCADE, and an expired or idle session is
 * refused at use), and the account is still pending. A new hand-off and
 * DELETE remove the account's others. Every lookup is by the token's
 * hash: the token alone decides the account, so a token can only ever
 * reach its own account's case. Unknown, expired and revoked tokens get
 * the same answer. Tokens are never logged (paths are not logged).
 */

#define HANDOFF_WINDOW ((gint64) 3600 * XS_USEC_PER_SEC)

/* A base64url token of 32 bytes is 43 characters. */
#define TOKEN_LENGTH 43

typedef struct {
  gint64  id;
  gint64  account_id;
  gint64  expires_at;
  char   *name;
} Handoff;

static void
handoff_clear (Handoff *h)
{
  g_clear_pointer (&h->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Handoff, handoff_clear)

static char *
rate_key (gint64 account_id)
{
  return g_strdup_printf ("handoff:%" G_GINT64_FORMAT, account_id);
}

/* 1: @token names a usable hand-off, 0: it does not (whatever the
 * reason), -1: database error. */
static int
handoff_load (XsRequest  *req,
              const char *token,
              Handoff    *h)
{
  gint64 idle = (gint64) req->config->session_idle_timeout * XS_USEC_PER_SEC;
  guint8 hash[32];
  sqlite3_stmt *stmt;
  gint64 session_expires_at;
  gint64 session_last_seen_at;
  gboolean pending;
  int rc;

  if (token == NULL || strlen (token) != TOKEN_LENGTH)
    return 0;

  xs_token_hash (token, hash);
  stmt = xs_db_prepare (req->db,
    "SELECT h.id, h.account_id, h.expires_at, a.state, a.name, s.expires_at, s.last_seen_at "
    "FROM photo_handoffs h JOIN accounts a ON a.id = h.account_id "
    "JOIN sessions s ON s.token_hash = h.session_hash AND s.account_id = h.account_id "
    "WHERE h.token_hash = ?1");
  if (stmt == NULL)
    return -1;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return rc == SQLITE_DONE ? 0 : -1;
    }

  h->id = sqlite3_column_int64 (stmt, 0);
  h->account_id = sqlite3_column_int64 (stmt, 1);
  h->expires_at = sqlite3_column_int64 (stmt, 2);
  pending = g_strcmp0 (xs_stmt_text (stmt, 3), XS_STATE_PENDING_IDENTITY) == 0;
  h->name = g_strdup (xs_stmt_text (stmt, 4));
  session_expires_at = sqlite3_column_int64 (stmt, 5);
  session_last_seen_at = sqlite3_column_int64 (stmt, 6);
  sqlite3_reset (stmt);

  /* The same rules as authentication for the kiosk's session: once the
   * kiosk could not use it, the phone cannot either. */
  if (req->now >= h->expires_at
      || req->now >= session_expires_at
      || (idle > 0 && req->now >= session_last_seen_at + idle)
      || !pending)
    return 0;

  return 1;
}

/* Answers handoff_expired or internal_error unless the path's token is
 * usable. */
static gboolean
require_handoff (XsRequest *req,
                 Handoff   *h)
{
  int found = handoff_load (req, req->segments[1], h);

  if (found < 0)
    {
      xs_request_internal_error (req, "reading a hand-off");
      return FALSE;
    }
  if (found == 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_HANDOFF_EXPIRED, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Inside the upload's transaction: the hand-off is still usable, and
 * still @data's account's (a revocation during the decode wins). */
static gboolean
handoff_still_usable (XsRequest *req,
                      gpointer   data)
{
  const Handoff *h = data;
  g_auto(Handoff) again = { 0, };
  int found = handoff_load (req, req->segments[1], &again);

  if (found < 0)
    return FALSE;
  if (found == 0 || again.id != h->id || again.account_id != h->account_id)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_HANDOFF_EXPIRED, NULL);
      return FALSE;
    }
  return TRUE;
}

/* ----- the kiosk's side: create and revoke -------------------------------- */

static gboolean
delete_account_handoffs (XsRequest *req,
                         gint64     account_id)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
                                      "DELETE FROM photo_handoffs WHERE account_id = ?1");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  return xs_db_step_done (req->db, stmt);
}

typedef struct {
  char   *token;       /* out */
  gint64  expires_at;  /* out */
} NewHandoff;

static gboolean
create_transaction (XsRequest *req,
                    gpointer   data)
{
  NewHandoff *handoff = data;
  g_autofree char *token = NULL;
  guint8 hash[32];
  sqlite3_stmt *stmt;

  /* Checked again under the write lock: a submit may have come first. */
  if (!xs_review_check_editable (req, req->account_id)
      || !delete_account_handoffs (req, req->account_id))
    return FALSE;

  stmt = xs_db_prepare (req->db,
    "INSERT INTO photo_handoffs (token_hash, account_id, session_hash, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (stmt == NULL)
    return FALSE;

  /* 32 bytes of randombytes_buf(), base64url without padding. */
  token = xs_token_new (hash);
  handoff->expires_at = req->now + (gint64) XS_HANDOFF_LIFETIME * XS_USEC_PER_SEC;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, req->account_id);
  sqlite3_bind_blob (stmt, 3, req->session_hash, sizeof req->session_hash, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, req->now);
  sqlite3_bind_int64 (stmt, 5, handoff->expires_at);
  if (!xs_db_step_done (req->db, stmt)
      || xs_db_insert_audit (req->db, req->account_id, "photo_handoff_created", req->now,
                             req->client_ip, NULL) < 0)
    {
      sodium_memzero (token, strlen (token));
      return FALSE;
    }

  handoff->token = g_steal_pointer (&token);
  return TRUE;
}

void
xs_handle_handoff_new (XsRequest *req)
{
  NewHandoff handoff = { 0, };
  g_autofree char *key = rate_key (req->account_id);
  g_autofree char *url = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (g_strcmp0 (req->account_state, XS_STATE_PENDING_IDENTITY) != 0)
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_ALREADY_VERIFIED, NULL);
      return;
    }
  /* The refusals that cost nothing come before the count. */
  if (!xs_review_check_editable (req, req->account_id))
    return;

  if (!xs_throttle_reserve_window (req, key, XS_HANDOFF_PER_HOUR, HANDOFF_WINDOW))
    return;

  if (!xs_request_run_transaction (req, create_transaction, &handoff, "creating a hand-off"))
    {
      if (!xs_throttle_release_window (req, key))
        g_warning ("Cannot give back a hand-off attempt");
      return;
    }

  url = g_strdup_printf ("%s/handoff/%s", req->public_base_url, handoff.token);
  sodium_memzero (handoff.token, strlen (handoff.token));
  g_free (handoff.token);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "handoff");
  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "url", url);
  xs_builder_add_time (builder, "expires_at", handoff.expires_at);
  xs_builder_add_int (builder, "expires_in", XS_HANDOFF_LIFETIME);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_CREATED, builder);

  sodium_memzero (url, strlen (url));
}

static gboolean
revoke_transaction (XsRequest *req,
                    gpointer   data)
{
  return delete_account_handoffs (req, req->account_id)
         && xs_db_insert_audit (req->db, req->account_id, "photo_handoff_revoked", req->now,
                                req->client_ip, NULL) >= 0;
}

void
xs_handle_handoff_revoke (XsRequest *req)
{
  if (xs_request_run_transaction (req, revoke_transaction, NULL, "revoking hand-offs"))
    xs_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

/* ----- the phone's side: uploads ------------------------------------------ */

void
xs_handle_handoff_photo_put (XsRequest *req)
{
  const char *side = req->segments[3];
  g_auto(Handoff) h = { 0, };
  g_autoptr(JsonBuilder) builder = NULL;
  XsReviewPhoto photo = { 0, };

  if (!xs_review_side_is_valid (side))
    {
      xs_request_error (req, XUEXIN_ERROR_CODE_NOT_FOUND, NULL);
      return;
    }
  if (!require_handoff (req, &h))
    return;

  /* The account is the hand-off's, never anything the phone sends. */
  if (!xs_review_put_photo (req, h.account_id, side, handoff_still_usable, &h, &photo))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "photo");
  json_builder_begin_object (builder);
  xs_builder_add_string (builder, "side", photo.side);
  xs_builder_add_string (builder, "mime_type", photo.mime_type);
  xs_builder_add_int (builder, "width", photo.width);
  xs_builder_add_int (builder, "height", photo.height);
  xs_builder_add_int (builder, "size", (gint64) photo.size);
  xs_builder_add_time (builder, "uploaded_at", photo.uploaded_at);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

void
xs_handle_handoff_photos (XsRequest *req)
{
  g_auto(Handoff) h = { 0, };
  g_autoptr(JsonBuilder) builder = NULL;

  if (!require_handoff (req, &h))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  xs_builder_add_time (builder, "expires_at", h.expires_at);
  if (!xs_review_add_draft_photos (req, builder, h.account_id))
    {
      xs_request_internal_error (req, "reading a review case");
      return;
    }
  json_builder_end_object (builder);
  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

/* ----- the phone's page ------------------------------------------------- */

typedef struct {
  const char *key;
  const char *en;
  const char *zh;
} PageText;

/* Every text of the page, in both languages; the script gets the
 * page language's as JSON. */
static const PageText texts[] = {
  { "title", "Take ID Photos with Your Phone", "用手机拍摄证件照片" },
  { "account", "Account holder:", "账号姓名：" },
  { "intro",
    "Take the three photos below with this phone. They are added to your identity review at "
    "the help desk.",
    "请用本手机拍摄下面三张照片，照片将直接添加到您在服务台办理的身份核验申请中。" },
  { "rules_title", "Photo requirements", "照片要求" },
  { "rule_format",
    "JPEG or PNG, at most 300 KB, at least 600 × 400 pixels. This page makes large photos "
    "smaller for you.",
    "JPG或PNG格式，不超过300KB，不小于600×400像素。本页面会自动压缩较大的照片。" },
  { "rule_clear",
    "Clear and sharp, in good light: nothing on the card covered or hidden by glare.",
    "照片清晰，光线充足，证件信息完整，无遮挡、无反光。" },
  { "rule_handheld",
    "The handheld photo shows both your face and the ID card you hold.",
    "手持证件照需同时清晰显示您的面部和手持的身份证。" },
  { "rule_sides",
    "Front is the portrait side of the card (人像面); back is the national emblem side (国徽面).",
    "人像面为带有本人照片的一面；国徽面为带有国徽的一面。" },
  { "rule_original",
    "Photograph the card itself: no photo of a screen or a copy, no editing.",
    "请拍摄证件原件，不得翻拍或编辑。" },
  { "side_handheld", "You holding your ID card", "手持身份证照片" },
  { "side_front", "ID card, portrait side", "身份证人像面" },
  { "side_back", "ID card, national emblem side", "身份证国徽面" },
  { "choose", "Take or choose the photo:", "拍摄或选择照片：" },
  { "preparing", "Preparing the photo…", "正在处理照片…" },
  { "uploading", "Uploading…", "正在上传…" },
  { "uploaded", "Uploaded. Choose again to replace it.", "已上传。如需更换，请重新拍摄。" },
  { "thumbnail", "Uploaded photo:", "已上传的照片：" },
  { "done", "Done — finish on the help-desk screen", "已完成，请回到服务台屏幕上继续" },
  { "error_decode", "This file could not be read as a photo. Take the photo again.",
    "无法读取该照片，请重新拍摄。" },
  { "error_fit", "The photo could not be made smaller than 300 KB. Take it again.",
    "照片无法压缩到300KB以内，请重新拍摄。" },
  { "error_photo_invalid",
    "The photo was not accepted: take a sharp photo of at least 600 × 400 pixels.",
    "照片不符合要求，请重新拍摄清晰的照片（不小于600×400像素）。" },
  { "error_photo_too_large", "The photo is larger than 300 KB. Take it again.",
    "照片大小不能超过300KB，请重新拍摄。" },
  { "error_photo_rejected", "This exact photo was rejected before. Take a new photo.",
    "该照片已被审核驳回，请重新拍摄。" },
  { "error_case_open",
    "Your photos were already submitted at the help desk and cannot change now.",
    "您的身份核验申请已提交，照片无法再更改。" },
  { "error_handoff_expired", "This link has expired. Scan the new code on the help-desk screen.",
    "链接已失效，请在服务台屏幕上重新扫码。" },
  { "error_rate_limited", "Too many attempts. Wait a moment and try again.",
    "操作过于频繁，请稍后重试。" },
  { "error_network", "The upload did not get through. Check the connection and try again.",
    "上传失败，请检查网络后重试。" },
  { "error_other", "The upload failed. Try again.", "上传失败，请重试。" },
  { "expired_title", "This link has expired", "链接已失效" },
  { "expired_text",
    "The link is older than 15 minutes, was replaced by a new one, or was ended at the help "
    "desk. Scan the new code on the help-desk screen.",
    "该链接已超过15分钟、已被新链接替换或已在服务台结束。请在服务台屏幕上重新扫码。" },
};

static const char *
text (const char *key,
      gboolean    zh)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i].key, key))
      return zh ? texts[i].zh : texts[i].en;
  g_assert_not_reached ();
  return key;
}

/* ?lang=zh or ?lang=en, else the client's most preferred language of
 * Accept-Language: zh* is Chinese (zh-CN), everything else English. */
static gboolean
page_is_chinese (XsRequest *req)
{
  const char *lang = xs_request_get_query (req, "lang");
  GSList *preferred;
  gboolean zh;

  if (g_strcmp0 (lang, "zh") == 0)
    return TRUE;
  if (g_strcmp0 (lang, "en") == 0)
    return FALSE;
  if (req->accept_language == NULL)
    return FALSE;

  preferred = soup_header_parse_quality_list (req->accept_language, NULL);
  zh = preferred != NULL && g_ascii_strncasecmp (preferred->data, "zh", 2) == 0;
  g_slist_free_full (preferred, g_free);

  return zh;
}

static void
append_escaped (GString    *page,
                const char *raw)
{
  g_autofree char *escaped = g_markup_escape_text (raw, -1);

  g_string_append (page, escaped);
}

static const char page_style[] =
  "*{box-sizing:border-box}"
  "html{-webkit-text-size-adjust:100%}"
  "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Noto Sans CJK SC',sans-serif;"
  "color:#1c1c1c;background:#f4f4f4;overflow-wrap:anywhere}"
  "main{max-width:40rem;margin:0 auto;padding:1rem}"
  "h1{font-size:1.4rem;line-height:1.3;margin:.25rem 0 .75rem}"
  "h2{font-size:1.1rem;margin:0 0 .5rem}"
  "section{background:#fff;border-radius:12px;padding:1rem;margin:0 0 1rem;"
  "box-shadow:0 1px 3px rgba(0,0,0,.12)}"
  "ul{padding-left:1.25rem;margin:0}"
  "label{display:block;font-weight:600;margin:.5rem 0 .25rem}"
  "input[type=file]{display:block;width:100%;max-width:100%;min-height:44px;font-size:1rem}"
  "progress{display:block;width:100%;height:.75rem;margin:.5rem 0}"
  "[role=status]{min-height:1.5em;margin:.25rem 0}"
  ".error{color:#b00020;font-weight:600}"
  "img{display:block;max-width:100%;height:auto;max-height:12rem;margin-top:.5rem;"
  "border-radius:8px}"
  ".done{font-weight:700;font-size:1.15rem;color:#14532d;background:#dcfce7;padding:1rem;"
  "border-radius:12px}"
  "[hidden]{display:none!important}";

/* Fits a photo into the upload limits in the browser, then uploads it.
 * The long side at most 1600 px and never below 600×400; JPEG quality
 * found by binary search in 0.5–0.92 for the largest blob ≤ 300 KB; if
 * even 0.5 is too large, the size is stepped down towards the minimum. */
static const char page_script[] =
  "(function () {\n"
  "'use strict';\n"
  "var T = JSON.parse(document.getElementById('texts').textContent);\n"
  "var MAX_BYTES = 307200, MAX_LONG = 1600, MIN_LONG = 600, MIN_SHORT = 400;\n"
  "var base = location.pathname.replace(/\\/+$/, '');\n"
  "var sides = ['handheld', 'front', 'back'];\n"
  "var uploaded = {};\n"
  "function el(id) { return document.getElementById(id); }\n"
  "function say(side, message, isError) {\n"
  "  var s = el('status-' + side);\n"
  "  s.textContent = message;\n"
  "  s.className = isError ? 'error' : '';\n"
  "}\n"
  "function checkDone() {\n"
  "  var all = sides.every(function (s) { return uploaded[s]; });\n"
  "  var done = el('done');\n"
  "  done.hidden = !all;\n"
  "  done.textContent = all ? T.done : '';\n"
  "}\n"
  "function loadImage(file) {\n"
  "  return new Promise(function (resolve, reject) {\n"
  "    var url = URL.createObjectURL(file);\n"
  "    var img = new Image();\n"
  "    img.onload = function () { URL.revokeObjectURL(url); resolve(img); };\n"
  "    img.onerror = function () { URL.revokeObjectURL(url); reject(new Error('decode')); };\n"
  "    img.src = url;\n"
  "  });\n"
  "}\n"
  "function decode(file) {\n"
  "  if (window.createImageBitmap)\n"
  "    return createImageBitmap(file, { imageOrientation: 'from-image' })\n"
  "      .catch(function () { return loadImage(file); });\n"
  "  return loadImage(file);\n"
  "}\n"
  "function fitSize(w, h, maxLong) {\n"
  "  var long = Math.max(w, h), short = Math.min(w, h);\n"
  "  var scale = Math.min(1, maxLong / long);\n"
  "  scale = Math.min(1, Math.max(scale, MIN_LONG / long, MIN_SHORT / short));\n"
  "  return { w: Math.max(1, Math.round(w * scale)), h: Math.max(1, Math.round(h * scale)) };\n"
  "}\n"
  "function toBlob(canvas, quality) {\n"
  "  return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', quality); });\n"
  "}\n"
  "async function encode(img, size) {\n"
  "  var canvas = document.createElement('canvas');\n"
  "  canvas.width = size.w;\n"
  "  canvas.height = size.h;\n"
  "  var ctx = canvas.getContext('2d');\n"
  "  ctx.fillStyle = '#fff';\n"
  "  ctx.fillRect(0, 0, size.w, size.h);\n"
  "  ctx.drawImage(img, 0, 0, size.w, size.h);\n"
  "  var blob = await toBlob(canvas, 0.92);\n"
  "  if (blob && blob.size <= MAX_BYTES) return blob;\n"
  "  var lo = 0.5, hi = 0.92, best = null;\n"
  "  blob = await toBlob(canvas, lo);\n"
  "  if (!blob || blob.size > MAX_BYTES) return null;\n"
  "  best = blob;\n"
  "  for (var i = 0; i < 6; i++) {\n"
  "    var q = (lo + hi) / 2;\n"
  "    blob = await toBlob(canvas, q);\n"
  "    if (blob && blob.size <= MAX_BYTES) { best = blob; lo = q; } else { hi = q; }\n"
  "  }\n"
  "  return best;\n"
  "}\n"
  "async function fit(file) {\n"
  "  var img = await decode(file);\n"
  "  var w = img.width, h = img.height, maxLong = MAX_LONG, blob = null;\n"
  "  for (var step = 0; step < 5 && !blob; step++) {\n"
  "    var size = fitSize(w, h, maxLong);\n"
  "    blob = await encode(img, size);\n"
  "    if (Math.max(size.w, size.h) <= MIN_LONG || Math.min(size.w, size.h) <= MIN_SHORT) break;\n"
  "    maxLong = Math.max(size.w, size.h) * 0.8;\n"
  "  }\n"
  "  if (img.close) img.close();\n"
  "  return blob;\n"
  "}\n"
  "function errorText(status, body) {\n"
  "  var code = null;\n"
  "  try { code = JSON.parse(body).error.code; } catch (e) { code = null; }\n"
  "  if (code === 'payload_too_large') code = 'photo_too_large';\n"
  "  if (code && T['error_' + code]) return T['error_' + code];\n"
  "  if (status === 410) return T.error_handoff_expired;\n"
  "  return T.error_other;\n"
  "}\n"
  "function put(side, blob) {\n"
  "  return new Promise(function (resolve) {\n"
  "    var xhr = new XMLHttpRequest();\n"
  "    var progress = el('progress-' + side);\n"
  "    xhr.open('PUT', base + '/photos/' + side);\n"
  "    xhr.setRequestHeader('Content-Type', blob.type || 'image/jpeg');\n"
  "    xhr.upload.onprogress = function (e) {\n"
  "      if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total);\n"
  "    };\n"
  "    xhr.onload = function () { resolve({ status: xhr.status, body: xhr.responseText }); };\n"
  "    xhr.onerror = function () { resolve({ status: 0, body: '' }); };\n"
  "    xhr.send(blob);\n"
  "  });\n"
  "}\n"
  "async function choose(side, input) {\n"
  "  var file = input.files && input.files[0];\n"
  "  var progress = el('progress-' + side);\n"
  "  var thumb = el('thumb-' + side);\n"
  "  if (!file) return;\n"
  "  input.disabled = true;\n"
  "  progress.hidden = false;\n"
  "  progress.removeAttribute('value');\n"
  "  say(side, T.preparing, false);\n"
  "  try {\n"
  "    var blob;\n"
  "    try { blob = await fit(file); } catch (e) { say(side, T.error_decode, true); return; }\n"
  "    if (!blob) { say(side, T.error_fit, true); return; }\n"
  "    progress.value = 0;\n"
  "    say(side, T.uploading, false);\n"
  "    var answer = await put(side, blob);\n"
  "    if (answer.status === 200) {\n"
  "      progress.value = 100;\n"
  "      if (thumb.src) URL.revokeObjectURL(thumb.src);\n"
  "      thumb.src = URL.createObjectURL(blob);\n"
  "      thumb.hidden = false;\n"
  "      uploaded[side] = true;\n"
  "      say(side, T.uploaded, false);\n"
  "      checkDone();\n"
  "    } else {\n"
  "      say(side, answer.status === 0 ? T.error_network : errorText(answer.status, answer.body),\n"
  "          true);\n"
  "    }\n"
  "  } finally {\n"
  "    input.disabled = false;\n"
  "    input.value = '';\n"
  "  }\n"
  "}\n"
  "sides.forEach(function (side) {\n"
  "  var input = el('file-' + side);\n"
  "  input.addEventListener('change', function () { choose(side, input); });\n"
  "});\n"
  "/* After a reload: what the draft already has. */\n"
  "var xhr = new XMLHttpRequest();\n"
  "xhr.open('GET', base + '/photos');\n"
  "xhr.onload = function () {\n"
  "  if (xhr.status !== 200) {\n"
  "    if (xhr.status === 410) sides.forEach(function (s) { say(s, T.error_handoff_expired, true); });\n"
  "    return;\n"
  "  }\n"
  "  try {\n"
  "    JSON.parse(xhr.responseText).photos.forEach(function (p) {\n"
  "      if (sides.indexOf(p.side) < 0 || uploaded[p.side]) return;\n"
  "      uploaded[p.side] = true;\n"
  "      say(p.side, T.uploaded, false);\n"
  "    });\n"
  "    checkDone();\n"
  "  } catch (e) { }\n"
  "};\n"
  "xhr.send();\n"
  "})();\n";

/* Pages only: their own script and style by a per-response nonce (no
 * 'unsafe-inline', so markup injected by anything else cannot run),
 * thumbnails from blob: URLs, uploads to this origin only, no framing,
 * no forms, no base, no plugins; and no Referer, which would carry the
 * token in the URL to anyone the page linked to. */
static void
set_page_headers (XsRequest  *req,
                  const char *nonce)
{
  g_autofree char *csp = g_strdup_printf (
    "default-src 'none'; script-src 'nonce-%s'; style-src 'nonce-%s'; img-src blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    nonce, nonce);
  char *headers[] = {
    (char *) "Content-Security-Policy", csp,
    (char *) "Referrer-Policy", (char *) "no-referrer",
    (char *) "X-Content-Type-Options", (char *) "nosniff",
    NULL,
  };

  g_strfreev (req->extra_headers);
  req->extra_headers = g_strdupv (headers);
}

static void
page_begin (GString    *page,
            gboolean    zh,
            const char *nonce,
            const char *title)
{
  g_string_append_printf (page,
    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<meta name=\"referrer\" content=\"no-referrer\">\n<title>",
    zh ? "zh-CN" : "en");
  append_escaped (page, title);
  g_string_append_printf (page, "</title>\n<style nonce=\"%s\">", nonce);
  g_string_append (page, page_style);
  g_string_append (page, "</style>\n</head>\n<body>\n<main>\n<h1>");
  append_escaped (page, title);
  g_string_append (page, "</h1>\n");
}

static void
reply_page (XsRequest  *req,
            guint       status,
            const char *nonce,
            GString    *page)
{
  g_free (req->response_body);
  req->response_body = g_string_free (page, FALSE);
  req->content_type = "text/html; charset=utf-8";
  req->status = status;
  set_page_headers (req, nonce);
}

static void
reply_expired_page (XsRequest *req,
                    gboolean   zh)
{
  g_autofree char *nonce = xs_random_string (16);
  GString *page = g_string_new (NULL);

  page_begin (page, zh, nonce, text ("expired_title", zh));
  g_string_append (page, "<p>");
  append_escaped (page, text ("expired_text", zh));
  g_string_append (page, "</p>\n</main>\n</body></html>\n");
  reply_page (req, SOUP_STATUS_GONE, nonce, page);
}

/* The texts as a JSON object, safe inside a <script> element. */
static char *
texts_json (gboolean zh)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GString) safe = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    xs_builder_add_string (builder, texts[i].key, zh ? texts[i].zh : texts[i].en);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  safe = g_string_new (json);
  g_string_replace (safe, "<", "\\u003c", 0);
  return g_string_free (g_steal_pointer (&safe), FALSE);
}

static void
append_side (GString    *page,
             gboolean    zh,
             const char *side)
{
  g_autofree char *key = g_strconcat ("side_", side, NULL);
  const char *name = text (key, zh);

  g_string_append_printf (page, "<section aria-labelledby=\"title-%s\">\n<h2 id=\"title-%s\">",
                          side, side);
  append_escaped (page, name);
  g_string_append_printf (page, "</h2>\n<label for=\"file-%s\">", side);
  append_escaped (page, text ("choose", zh));
  g_string_append (page, " ");
  append_escaped (page, name);
  g_string_append_printf (page,
    "</label>\n<input id=\"file-%s\" type=\"file\" accept=\"image/jpeg,image/png\" "
    "capture=\"environment\" aria-describedby=\"status-%s\">\n"
    "<progress id=\"progress-%s\" max=\"100\" value=\"0\" hidden aria-labelledby=\"title-%s\">"
    "</progress>\n"
    "<p id=\"status-%s\" role=\"status\" aria-live=\"polite\"></p>\n"
    "<img id=\"thumb-%s\" hidden alt=\"",
    side, side, side, side, side, side);
  append_escaped (page, text ("thumbnail", zh));
  g_string_append (page, " ");
  append_escaped (page, name);
  g_string_append (page, "\">\n</section>\n");
}

void
xs_handle_handoff_page (XsRequest *req)
{
  static const char * const rules[] = {
    "rule_format", "rule_clear", "rule_handheld", "rule_sides", "rule_original",
  };
  static const char * const sides[] = { "handheld", "front", "back" };
  g_auto(Handoff) h = { 0, };
  gboolean zh = page_is_chinese (req);
  g_autofree char *nonce = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *json = NULL;
  GString *page;
  int found;

  found = handoff_load (req, req->segments[1], &h);
  if (found < 0)
    {
      xs_request_internal_error (req, "reading a hand-off");
      return;
    }
  if (found == 0)
    {
      reply_expired_page (req, zh);
      return;
    }

  nonce = xs_random_string (16);
  /* The masked name only: the page is on a phone, maybe not the
   * visitor's own for long; nothing else of the account is shown. */
  masked = xs_app_verification_mask_name (h.name);
  json = texts_json (zh);

  page = g_string_new (NULL);
  page_begin (page, zh, nonce, text ("title", zh));
  g_string_append (page, "<p>");
  append_escaped (page, text ("account", zh));
  g_string_append (page, " <strong>");
  append_escaped (page, masked);
  g_string_append (page, "</strong></p>\n<p>");
  append_escaped (page, text ("intro", zh));
  g_string_append (page, "</p>\n<section aria-labelledby=\"rules-title\">\n"
                         "<h2 id=\"rules-title\">");
  append_escaped (page, text ("rules_title", zh));
  g_string_append (page, "</h2>\n<ul>\n");
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_string_append (page, "<li>");
      append_escaped (page, text (rules[i], zh));
      g_string_append (page, "</li>\n");
    }
  g_string_append (page, "</ul>\n</section>\n");
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    append_side (page, zh, sides[i]);
  g_string_append (page, "<p id=\"done\" class=\"done\" role=\"status\" aria-live=\"polite\" "
                         "hidden></p>\n</main>\n");
  g_string_append_printf (page, "<script id=\"texts\" type=\"application/json\" nonce=\"%s\">",
                          nonce);
  g_string_append (page, json);
  g_string_append_printf (page, "</script>\n<script nonce=\"%s\">\n", nonce);
  g_string_append (page, page_script);
  g_string_append (page, "</script>\n</body></html>\n");

  reply_page (req, SOUP_STATUS_OK, nonce, page);
}
