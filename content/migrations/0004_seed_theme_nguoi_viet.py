"""The plan's theme of weeks 40–52: "Người Việt dùng hàng Việt"."""

from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("content", "ContentTheme").objects.get_or_create(
        code="nguoi-viet-dung-hang-viet",
        defaults={"name": "Người Việt dùng hàng Việt", "lead": "Đơn vị thuộc Bộ được giao chủ trì chủ đề"},
    )


class Migration(migrations.Migration):
    dependencies = [("content", "0003_content_themes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
