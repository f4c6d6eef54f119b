/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>
#include <time.h>

#include "xuexin-service-json.h"

/*
 * A JSON writer for the replies every request may get (errors, the
 * account, health): it appends to one buffer instead of building a
 * JsonNode tree and serialising it, which cost more than the database
 * work of GET /me. The output is compact like JsonGenerator's and the
 * same for ordinary text; unlike JsonGenerator it escapes every control
 * character, as JSON requires. Tests compare the two.
 */

void
xs_json_writer_init (XsJsonWriter *writer)
{
  memset (writer, 0, sizeof *writer);
  writer->buffer = g_string_sized_new (256);
}

char *
xs_json_writer_finish (XsJsonWriter *writer)
{
  g_assert (writer->depth == 0);

  return g_string_free (g_steal_pointer (&writer->buffer), FALSE);
}

void
xs_json_writer_clear (XsJsonWriter *writer)
{
  if (writer->buffer != NULL)
    g_string_free (g_steal_pointer (&writer->buffer), TRUE);
}

/* Before a value: the comma after the previous member, unless the value
 * follows its member name. */
static void
begin_value (XsJsonWriter *writer)
{
  if (writer->after_name)
    writer->after_name = FALSE;
  else if (writer->depth > 0 && (writer->has_members & (1u << writer->depth)) != 0)
    g_string_append_c (writer->buffer, ',');

  writer->has_members |= 1u << writer->depth;
}

static void
append_escaped (GString    *buffer,
                const char *text)
{
  g_autofree char *valid = NULL;
  const char *run = text;
  const char *p;

  /* Stored text was validated on input; this is only a safety net. */
  if (!g_utf8_validate (text, -1, NULL))
    run = text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (buffer, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;

      switch (c)
        {
        case '"':
          escape = "\\\"";
          break;
        case '\\':
          escape = "\\\\";
          break;
        case '\b':
          escape = "\\b";
          break;
        case '\f':
          escape = "\\f";
          break;
        case '\n':
          escape = "\\n";
          break;
        case '\r':
          escape = "\\r";
          break;
        case '\t':
          escape = "\\t";
          break;
        default:
          if (c >= 0x20)
            continue;
          escape = NULL;
          break;
        }

      g_string_append_len (buffer, run, p - run);
      if (escape != NULL)
        g_string_append (buffer, escape);
      else
        g_string_append_printf (buffer, "\\u%04x", c);
      run = p + 1;
    }
  g_string_append_len (buffer, run, p - run);
  g_string_append_c (buffer, '"');
}

void
xs_json_begin_object (XsJsonWriter *writer)
{
  g_assert (writer->depth < 31);

  begin_value (writer);
  g_string_append_c (writer->buffer, '{');
  writer->depth++;
  writer->has_members &= ~(1u << writer->depth);
}

void
xs_json_end_object (XsJsonWriter *writer)
{
  g_assert (writer->depth > 0 && !writer->after_name);

  writer->depth--;
  g_string_append_c (writer->buffer, '}');
}

void
xs_json_member (XsJsonWriter *writer,
                const char   *name)
{
  g_assert (writer->depth > 0 && !writer->after_name);

  begin_value (writer);
  append_escaped (writer->buffer, name);
  g_string_append_c (writer->buffer, ':');
  writer->after_name = TRUE;
}

void
xs_json_string (XsJsonWriter *writer,
                const char   *value)
{
  if (value == NULL)
    {
      xs_json_null (writer);
      return;
    }

  begin_value (writer);
  append_escaped (writer->buffer, value);
}

void
xs_json_int (XsJsonWriter *writer,
             gint64        value)
{
  begin_value (writer);
  g_string_append_printf (writer->buffer, "%" G_GINT64_FORMAT, value);
}

void
xs_json_boolean (XsJsonWriter *writer,
                 gboolean      value)
{
  begin_value (writer);
  g_string_append (writer->buffer, value ? "true" : "false");
}

void
xs_json_null (XsJsonWriter *writer)
{
  begin_value (writer);
  g_string_append (writer->buffer, "null");
}

/* A time in the API's format, or null for @usec <= 0. */
void
xs_json_time (XsJsonWriter *writer,
              gint64        usec)
{
  char text[XS_TIME_TEXT_SIZE];

  if (usec > 0 && xs_format_time_to_buffer (usec, text))
    xs_json_string (writer, text);
  else
    xs_json_null (writer);
}

/* µs since the epoch → "2025-03-01T08:00:00Z" in @text; FALSE outside
 * the years 1 to 9999. */
gboolean
xs_format_time_to_buffer (gint64 usec,
                          char   text[XS_TIME_TEXT_SIZE])
{
  time_t seconds = (time_t) (usec / G_USEC_PER_SEC);
  struct tm tm;

  if (gmtime_r (&seconds, &tm) == NULL || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
    return FALSE;

  g_snprintf (text, XS_TIME_TEXT_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ",
              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return TRUE;
}

/* µs since the epoch → "2025-03-01T08:00:00Z", the API's time format. */
char *
xs_format_time (gint64 usec)
{
  char text[XS_TIME_TEXT_SIZE];

  return xs_format_time_to_buffer (usec, text) ? g_strdup (text) : NULL;
}

void
xs_builder_add_string (JsonBuilder *builder,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
xs_builder_add_int (JsonBuilder *builder,
                    const char  *name,
                    gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
xs_builder_add_boolean (JsonBuilder *builder,
                        const char  *name,
                        gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
xs_builder_add_time (JsonBuilder *builder,
                     const char  *name,
                     gint64       usec)
{
  g_autofree char *text = usec > 0 ? xs_format_time (usec) : NULL;

  xs_builder_add_string (builder, name, text);
}
