/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include <string.h>

#include "xuexin-service-records.h"

/*
 * The registry of enrollment (学籍) and degree (学历) records. It is
 * filled by `xuexin-accountd import-records FILE.csv` or, with --demo, by
 * a generator of fictional people. Registration never touches it (FAQ 4):
 * records belong to an ID number, not to an account.
 *
 * CSV columns (header line required, UTF-8, fields may be "quoted"):
 *   kind,id_number,name,school,level,year,number,status
 * Quoting follows RFC 4180: a quoted field may hold commas, "" for a quote
 * and line breaks; lines end in LF or CRLF. Unquoted fields are trimmed.
 * No column can hold a line break, a control character or spaces at its
 * ends, so a quoted value with those is refused rather than altered, and
 * so is a quote inside an unquoted field; errors name the line.
 * kind is "enrollment" (year = enrollment year, number = student number,
 * status = enrolled|suspended|withdrawn|graduated) or "degree" (year =
 * graduation year, number = certificate number, status empty).
 */

#define CSV_HEADER "kind,id_number,name,school,level,year,number,status"

static const char * const enrollment_statuses[] = {
  "enrolled", "suspended", "withdrawn", "graduated", NULL,
};

typedef struct {
  gboolean    degree;
  char       *id_number;
  char       *name;
  char       *school;
  const char *level;
  int         year;
  char       *number;
  const char *status;
} Record;

static void
record_clear (Record *record)
{
  g_free (record->id_number);
  g_free (record->name);
  g_free (record->school);
  g_free (record->number);
  memset (record, 0, sizeof *record);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Record, record_clear)

static const char * const csv_columns[] = {
  "kind", "id_number", "name", "school", "level", "year", "number", "status",
};

/* Reads the text one record at a time, counting lines so that errors can
 * name the line a record or a quote starts on. */
typedef struct {
  const char *p;
  guint       line;
} CsvReader;

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

/* Reads one field, leaves the reader on the ',', '\n' or '\0' after it. */
static char *
csv_read_field (CsvReader  *reader,
                GError    **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = reader->p;

  while (is_blank (*p))
    p++;

  if (*p != '"')
    {
      for (; *p != ',' && *p != '\n' && *p != '\0'; p++)
        {
          if (*p == '"')
            {
              g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                           "line %u: a quote inside an unquoted field; quote the whole "
                           "field and write the quote as \"\"", reader->line);
              return NULL;
            }
          g_string_append_c (field, *p);
        }
      reader->p = p;
      return g_strstrip (g_string_free (g_steal_pointer (&field), FALSE));
    }

  {
    guint quote_line = reader->line;

    for (p++; !(p[0] == '"' && p[1] != '"'); p++)
      {
        if (*p == '\0')
          {
            g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                         "line %u: a quoted field is not closed", quote_line);
            return NULL;
          }
        if (*p == '"')
          p++;
        else if (*p == '\n')
          reader->line++;
        g_string_append_c (field, *p);
      }
    for (p++; is_blank (*p); p++)
      ;
    if (*p != ',' && *p != '\n' && *p != '\0')
      {
        g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                     "line %u: text after the closing quote of a field", reader->line);
        return NULL;
      }
  }
  reader->p = p;

  return g_string_free (g_steal_pointer (&field), FALSE);
}

/* Reads one record into @out_fields (NULL at the end of the text) and the
 * line it starts on into @out_line. */
static gboolean
csv_read_record (CsvReader  *reader,
                 GPtrArray **out_fields,
                 guint      *out_line,
                 GError    **error)
{
  g_autoptr(GPtrArray) fields = NULL;

  *out_fields = NULL;
  *out_line = reader->line;
  if (*reader->p == '\0')
    return TRUE;

  fields = g_ptr_array_new_with_free_func (g_free);
  for (;;)
    {
      char *field = csv_read_field (reader, error);

      if (field == NULL)
        return FALSE;
      g_ptr_array_add (fields, field);

      if (*reader->p == ',')
        reader->p++;
      else
        break;
    }
  if (*reader->p == '\n')
    {
      reader->p++;
      reader->line++;
    }

  *out_fields = g_steal_pointer (&fields);

  return TRUE;
}

/* A record's values, whether quoted or not, are single-line words. */
static gboolean
check_field_text (GPtrArray  *fields,
                  GError    **error)
{
  guint i;

  for (i = 0; i < fields->len; i++)
    {
      const char *value = g_ptr_array_index (fields, i);
      gsize length = strlen (value);
      gsize j;

      for (j = 0; j < length; j++)
        {
          if (g_ascii_iscntrl (value[j]))
            {
              g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                           "%s contains a line break or another control character",
                           csv_columns[i]);
              return FALSE;
            }
        }
      if (length > 0 && (value[0] == ' ' || value[length - 1] == ' '))
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                       "%s has spaces at its start or end inside its quotes",
                       csv_columns[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_record (GPtrArray  *fields,
              Record     *record,
              GError    **error)
{
  const char *kind = g_ptr_array_index (fields, 0);
  const char *status = g_ptr_array_index (fields, 7);
  XuexinEducationLevel level;
  guint i;

  if (g_strcmp0 (kind, "enrollment") == 0)
    record->degree = FALSE;
  else if (g_strcmp0 (kind, "degree") == 0)
    record->degree = TRUE;
  else
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "kind must be “enrollment” or “degree”");
      return FALSE;
    }

  if (xuexin_id_number_validate (g_ptr_array_index (fields, 1), NULL, &record->id_number)
      != XUEXIN_ID_NUMBER_OK)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "id_number is not a valid resident ID number");
      return FALSE;
    }

  if (xuexin_name_validate (g_ptr_array_index (fields, 2), &record->name) != XUEXIN_NAME_OK)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "name is not valid");
      return FALSE;
    }

  record->school = g_strdup (g_ptr_array_index (fields, 3));
  if (*record->school == '\0' || g_utf8_strlen (record->school, -1) > 100)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "school must have 1 to 100 characters");
      return FALSE;
    }

  level = xuexin_education_level_from_string (g_ptr_array_index (fields, 4));
  if (level == XUEXIN_EDUCATION_LEVEL_UNKNOWN)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "level is not one of zhuanke, benke, zhuanshengben, second_bachelor, "
                   "master, doctor");
      return FALSE;
    }
  record->level = xuexin_education_level_to_string (level);

  if (xuexin_year_validate (g_ptr_array_index (fields, 5), 1949, 2100, &record->year)
      != XUEXIN_YEAR_OK)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "year must be 4 digits from 1949 to 2100");
      return FALSE;
    }

  record->number = g_strdup (g_ptr_array_index (fields, 6));
  if (*record->number == '\0' || strlen (record->number) > 64)
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "number must have 1 to 64 characters");
      return FALSE;
    }

  if (!record->degree)
    {
      for (i = 0; enrollment_statuses[i] != NULL; i++)
        {
          if (g_strcmp0 (status, enrollment_statuses[i]) == 0)
            record->status = enrollment_statuses[i];
        }
      if (record->status == NULL)
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                       "status must be enrolled, suspended, withdrawn or graduated");
          return FALSE;
        }
    }

  return TRUE;
}

/* Inside a transaction. Returns 1 if inserted, 0 if already there, -1 on
 * error. */
static int
insert_record (XsDb         *db,
               const Record *record)
{
  sqlite3_stmt *stmt;

  if (record->degree)
    stmt = xs_db_prepare (db,
      "INSERT OR IGNORE INTO degree_records (id_number, name, school, certificate_number, "
      "graduation_year, level) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  else
    stmt = xs_db_prepare (db,
      "INSERT OR IGNORE INTO enrollment_records (id_number, name, school, student_number, "
      "enrollment_year, level, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (stmt == NULL)
    return -1;

  xs_stmt_bind_text (stmt, 1, record->id_number);
  xs_stmt_bind_text (stmt, 2, record->name);
  xs_stmt_bind_text (stmt, 3, record->school);
  xs_stmt_bind_text (stmt, 4, record->number);
  sqlite3_bind_int (stmt, 5, record->year);
  xs_stmt_bind_text (stmt, 6, record->level);
  if (!record->degree)
    xs_stmt_bind_text (stmt, 7, record->status);

  if (!xs_db_step_done (db, stmt))
    return -1;

  return sqlite3_changes (xs_db_get_handle (db)) > 0 ? 1 : 0;
}

static gboolean
import_records (XsDb        *db,
                const char  *text,
                guint       *out_enrollments,
                guint       *out_degrees,
                GError     **error)
{
  g_autofree char *header = g_strndup (text, strcspn (text, "\n"));
  CsvReader reader = { text + strlen (header), 1 };
  guint enrollments = 0;
  guint degrees = 0;

  if (!g_str_has_prefix (g_strstrip (header), CSV_HEADER))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "line 1: the header must be “" CSV_HEADER "”");
      return FALSE;
    }
  if (*reader.p == '\n')
    {
      reader.p++;
      reader.line++;
    }

  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_auto(Record) record = { 0, };
      g_autoptr(GError) local_error = NULL;
      guint line;
      int inserted;

      if (!csv_read_record (&reader, &fields, &line, error))
        return FALSE;
      if (fields == NULL)
        break;

      if (fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0')
        continue;

      if (fields->len != 8)
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                       "line %u: expected 8 fields, found %u", line, fields->len);
          return FALSE;
        }

      if (!check_field_text (fields, &local_error)
          || !parse_record (fields, &record, &local_error))
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                       "line %u: %s", line, local_error->message);
          return FALSE;
        }

      inserted = insert_record (db, &record);
      if (inserted < 0)
        {
          g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                       "line %u: %s", line, sqlite3_errmsg (xs_db_get_handle (db)));
          return FALSE;
        }

      if (record.degree)
        degrees += (guint) inserted;
      else
        enrollments += (guint) inserted;
    }

  if (out_enrollments != NULL)
    *out_enrollments = enrollments;
  if (out_degrees != NULL)
    *out_degrees = degrees;

  return TRUE;
}

static gboolean
import_text (XsDb        *db,
             const char  *text,
             guint       *out_enrollments,
             guint       *out_degrees,
             GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_IMPORT,
                   "The file is not UTF-8");
      return FALSE;
    }

  /* Skip a byte order mark. */
  if (g_str_has_prefix (text, "\xef\xbb\xbf"))
    text += 3;

  if (!xs_db_begin (db))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                   "Cannot start a transaction: %s", sqlite3_errmsg (xs_db_get_handle (db)));
      return FALSE;
    }

  if (!import_records (db, text, out_enrollments, out_degrees, error))
    {
      xs_db_rollback (db);
      return FALSE;
    }

  if (!xs_db_commit (db))
    {
      g_set_error (error, XUEXIN_SERVICE_ERROR, XUEXIN_SERVICE_ERROR_DATABASE,
                   "Cannot commit the import: %s", sqlite3_errmsg (xs_db_get_handle (db)));
      xs_db_rollback (db);
      return FALSE;
    }

  return TRUE;
}

gboolean
xs_records_import_csv (XsDb        *db,
                       const char  *path,
                       guint       *out_enrollments,
                       guint       *out_degrees,
                       GError     **error)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  return import_text (db, contents, out_enrollments, out_degrees, error);
}

/* ----- fictional demo data ---------------------------------------------- */

/* County-level codes of real places so that the numbers validate; the
 * people, schools and numbers are made up. */
static const char * const demo_regions[] = {
  "110101", "310104", "440305", "510107", "420111", "330106", "610113", "320102",
};
static const char * const demo_surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
};
static const char * const demo_given_names[] = {
  "子涵", "浩然", "雨桐", "思远", "欣怡", "梓轩", "佳宁", "宇航", "若曦", "明哲",
  "语嫣", "俊杰",
};
static const char * const demo_schools[] = {
  "明德理工大学", "青松师范大学", "海川大学", "云岭农业大学", "北辰医科大学",
  "东篱职业技术学院",
};

#define DEMO_PEOPLE 24

/* Pairs of classmates (same school, enrollment year and level) who have
 * active demo accounts, so that path 3 of identity verification can be
 * played end to end. Appended after the generated people, whom they do
 * not change. */
static const XsDemoClassmate demo_classmates[] = {
  { "陈思远", "11010119980512031", "海川大学", 2016, "benke", "H20160101", "19900000001" },
  { "林雨桐", "31010419980823042", "海川大学", 2016, "benke", "H20160102", "19900000002" },
  { "赵明哲", "44030519970301051", "明德理工大学", 2019, "master", "M20190201", "19900000003" },
  { "孙若曦", "51010719971109062", "明德理工大学", 2019, "master", "M20190202", "19900000004" },
};

const XsDemoClassmate *
xs_records_demo_classmates (guint *n_classmates)
{
  *n_classmates = G_N_ELEMENTS (demo_classmates);
  return demo_classmates;
}

char *
xs_records_demo_id_number (const XsDemoClassmate *classmate)
{
  return g_strdup_printf ("%s%c", classmate->first17,
                          xuexin_id_number_compute_check_digit (classmate->first17));
}

static void
append_demo_classmates (GString *csv)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (demo_classmates); i++)
    {
      const XsDemoClassmate *c = &demo_classmates[i];
      g_autofree char *id = xs_records_demo_id_number (c);
      int years = g_str_equal (c->level, "benke") ? 4 : 3;

      g_string_append_printf (csv, "enrollment,%s,%s,%s,%s,%d,%s,graduated\n",
                              id, c->name, c->school, c->level, c->enrollment_year,
                              c->student_number);
      g_string_append_printf (csv, "degree,%s,%s,%s,%s,%d,DEMO%d%s,\n",
                              id, c->name, c->school, c->level, c->enrollment_year + years,
                              c->enrollment_year + years, c->student_number + 1);
    }
}

/* Deterministic, so that the demo data is the same on every run. */
static char *
generate_demo_csv (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  GString *csv = g_string_new (CSV_HEADER "\n");
  guint i;

  for (i = 0; i < DEMO_PEOPLE; i++)
    {
      char first17[18];
      char id[19];
      int birth_year = g_rand_int_range (rand, 1990, 2006);
      int month = g_rand_int_range (rand, 1, 13);
      int day = g_rand_int_range (rand, 1, 29);
      int sequence = g_rand_int_range (rand, 100, 999);
      const char *region = demo_regions[g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_regions))];
      g_autofree char *name = g_strconcat (
        demo_surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_surnames))],
        demo_given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_given_names))],
        NULL);
      const char *school = demo_schools[g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_schools))];
      int enrolled = birth_year + 18;
      gboolean graduated = enrolled + 4 <= 2024;

      g_snprintf (first17, sizeof first17, "%s%04d%02d%02d%03d",
                  region, birth_year, month, day, sequence);
      g_snprintf (id, sizeof id, "%s%c", first17,
                  xuexin_id_number_compute_check_digit (first17));

      g_string_append_printf (csv, "enrollment,%s,%s,%s,benke,%d,%d%04u,%s\n",
                              id, name, school, enrolled, enrolled, 1000 + i,
                              graduated ? "graduated" : "enrolled");
      if (graduated)
        {
          g_string_append_printf (csv, "degree,%s,%s,%s,benke,%d,%05u%d%06u,\n",
                                  id, name, school, enrolled + 4,
                                  10000 + g_rand_int_range (rand, 0, 90000), enrolled + 4,
                                  100000 + i);
          /* Some went on to a master's programme. */
          if (i % 4 == 0)
            g_string_append_printf (csv, "enrollment,%s,%s,%s,master,%d,M%d%04u,%s\n",
                                    id, name, demo_schools[(i / 4) % G_N_ELEMENTS (demo_schools)],
                                    enrolled + 4, enrolled + 4, 2000 + i,
                                    enrolled + 7 <= 2024 ? "graduated" : "enrolled");
        }
    }

  append_demo_classmates (csv);

  return g_string_free (csv, FALSE);
}

char *
xs_records_demo_csv (void)
{
  return generate_demo_csv ();
}

gboolean
xs_records_seed_demo (XsDb     *db,
                      gint64    now,
                      GError  **error)
{
  g_autofree char *csv = generate_demo_csv ();
  guint enrollments = 0;
  guint degrees = 0;

  if (!import_text (db, csv, &enrollments, &degrees, error))
    return FALSE;

  if (enrollments + degrees > 0)
    g_info ("Seeded %u fictional enrollment and %u degree records", enrollments, degrees);

  return TRUE;
}

/* ----- GET /me/records -------------------------------------------------- */

static gboolean
add_enrollments (XsRequest   *req,
                 JsonBuilder *builder,
                 const char  *id_number)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT name, school, student_number, enrollment_year, level, status "
    "FROM enrollment_records WHERE id_number = ?1 ORDER BY enrollment_year, id");

  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "enrollments");
  json_builder_begin_array (builder);
  xs_stmt_bind_text (stmt, 1, id_number);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 0));
      json_builder_set_member_name (builder, "school");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 1));
      json_builder_set_member_name (builder, "student_number");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 2));
      json_builder_set_member_name (builder, "enrollment_year");
      json_builder_add_int_value (builder, sqlite3_column_int (stmt, 3));
      json_builder_set_member_name (builder, "level");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 4));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 5));
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);

  return TRUE;
}

static gboolean
add_degrees (XsRequest   *req,
             JsonBuilder *builder,
             const char  *id_number)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db,
    "SELECT name, school, certificate_number, graduation_year, level "
    "FROM degree_records WHERE id_number = ?1 ORDER BY graduation_year, id");

  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "degrees");
  json_builder_begin_array (builder);
  xs_stmt_bind_text (stmt, 1, id_number);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 0));
      json_builder_set_member_name (builder, "school");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 1));
      json_builder_set_member_name (builder, "certificate_number");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 2));
      json_builder_set_member_name (builder, "graduation_year");
      json_builder_add_int_value (builder, sqlite3_column_int (stmt, 3));
      json_builder_set_member_name (builder, "level");
      json_builder_add_string_value (builder, xs_stmt_text (stmt, 4));
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);

  return TRUE;
}

static char *
account_id_number (XsRequest *req)
{
  sqlite3_stmt *stmt = xs_db_prepare (req->db, "SELECT id_number FROM accounts WHERE id = ?1");
  char *id_number = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id_number = g_strdup (xs_stmt_text (stmt, 0));
  sqlite3_reset (stmt);

  return id_number;
}

/* Records belong to an ID number: an account sees those of its own. */
void
xs_handle_me_records (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id_number = account_id_number (req);

  json_builder_begin_object (builder);
  if (id_number == NULL
      || !add_enrollments (req, builder, id_number)
      || !add_degrees (req, builder, id_number))
    {
      xs_request_internal_error (req, "listing records");
      return;
    }
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}
