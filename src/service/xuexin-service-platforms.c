/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "xuexin-service"

#include "config.h"

#include "xuexin-service-platforms.h"

/*
 * The platforms that share the account (FAQ 1). Names and descriptions
 * follow the real ones; the URLs are fictional (.example is reserved), so
 * the demo never sends anyone to the real sites.
 */
typedef struct {
  const char *id;
  const char *name;
  const char *description;
  const char *url;
} Platform;

static const Platform platforms[] = {
  { "archive", "学信档案",
    "查询本人学籍学历信息，进行图像校对、学籍信息核对，申请在线验证报告。",
    "https://my.xuexin.example/archive/" },
  { "yz", "中国研究生招生信息网",
    "硕士、博士研究生招生信息发布，推免服务系统和统考网上报名、调剂。",
    "https://yz.xuexin.example/" },
  { "gaokao-special", "高考特殊类型招生报名平台",
    "高校专项计划、高水平运动队等特殊类型招生的报名与审核。",
    "https://bm.xuexin.example/" },
  { "zbb", "全国征兵网",
    "兵役登记、应征报名、大学生入伍政策咨询。",
    "https://zbb.xuexin.example/" },
  { "job", "学信就业",
    "面向高校毕业生的就业信息、职位搜索和简历投递服务。",
    "https://job.xuexin.example/" },
  { "gatzs", "内地（祖国大陆）高校面向港澳台招生信息网",
    "内地（祖国大陆）高校面向港澳台地区学生招生的信息发布与网上报名。",
    "https://gatzs.xuexin.example/" },
  { "xz", "学职平台",
    "大学生生涯规划、职业测评和学业发展服务。",
    "https://xz.xuexin.example/" },
  { "newjobs", "新职业网",
    "新职业信息发布、新职业在线学习和求职招聘服务。",
    "https://newjobs.xuexin.example/" },
  { "cy", "全国大学生创业服务网",
    "大学生创业政策、项目展示、导师辅导和创业实训服务。",
    "https://cy.xuexin.example/" },
};

void
xs_handle_platforms (XsRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint i;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "platforms");
  json_builder_begin_array (builder);
  for (i = 0; i < G_N_ELEMENTS (platforms); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, platforms[i].id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, platforms[i].name);
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, platforms[i].description);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, platforms[i].url);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  xs_request_reply_json (req, SOUP_STATUS_OK, builder);
}

void
xs_handle_health (XsRequest *req)
{
  g_auto(XsJsonWriter) writer = { 0, };

  xs_json_writer_init (&writer);
  xs_json_begin_object (&writer);
  xs_json_member (&writer, "status");
  xs_json_string (&writer, "ok");
  xs_json_member (&writer, "version");
  xs_json_string (&writer, PACKAGE_VERSION);
  xs_json_member (&writer, "api");
  xs_json_string (&writer, "v1");
  xs_json_end_object (&writer);

  xs_request_reply_writer (req, SOUP_STATUS_OK, &writer);
}
