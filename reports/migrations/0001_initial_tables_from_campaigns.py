"""The reports app takes over the models that lived in campaigns, on the tables they already had.

State only for the models (`db_table = "campaigns_…"`): no table is created, renamed or copied, so an existing
deployment migrates with its data. Content types follow the models (permissions and admin history stay
attached); on a fresh database there are none yet and that step does nothing.
"""

import datetime
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MODELS = ["target", "targetchange", "reportingobligation", "weeklyreport", "weeklyreportversion", "monthlyrollup"]


def move_content_types(apps, schema_editor, *, source="campaigns", dest="reports"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=dest, model__in=MODELS).values_list("model", flat=True))
    ContentType.objects.filter(app_label=source, model__in=set(MODELS) - taken).update(app_label=dest)


def content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="reports", dest="campaigns")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0003_notification_key'),
        ('calendars', '0002_load_reference'),
        ('campaigns', '0007_reports_moved_to_reports_app'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Target',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('metric', models.CharField(choices=[('news_items', 'Tin, bài báo chí và truyền hình (đếm từ lần đăng phát)'), ('sales_programmes', 'Chương trình bán hàng'), ('supplier_campaigns', 'Chiến dịch tiếp thị cho nhà cung cấp')], max_length=24, verbose_name='chỉ số')),
                        ('scope', models.CharField(choices=[('national', 'Toàn quốc'), ('organisation', 'Tổ chức'), ('province', 'Tỉnh/thành'), ('campaign', 'Đợt truyền thông')], max_length=16, verbose_name='phạm vi')),
                        ('organisation_kind', models.CharField(blank=True, help_text='Ví dụ: mọi doanh nghiệp bưu chính.', max_length=32, verbose_name='mọi tổ chức loại')),
                        ('period', models.CharField(choices=[('week', 'Tuần'), ('month', 'Tháng'), ('quarter', 'Quý')], max_length=8, verbose_name='kỳ')),
                        ('minimum', models.PositiveIntegerField(verbose_name='tối thiểu')),
                        ('active_from', models.DateField(verbose_name='áp dụng từ')),
                        ('active_until', models.DateField(verbose_name='áp dụng đến')),
                        ('label', models.CharField(blank=True, max_length=200, verbose_name='tên chỉ tiêu')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='campaigns.campaign', verbose_name='đợt truyền thông')),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='accounts.organisation', verbose_name='tổ chức')),
                        ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='calendars.province', verbose_name='tỉnh/thành')),
                    ],
                    options={
                        'verbose_name': 'chỉ tiêu',
                        'verbose_name_plural': 'chỉ tiêu',
                        'db_table': 'campaigns_target',
                        'ordering': ['metric', 'active_from', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='TargetChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sửa lúc')),
                        ('before', models.JSONField(blank=True, null=True, verbose_name='trước')),
                        ('after', models.JSONField(blank=True, null=True, verbose_name='sau')),
                        ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người sửa')),
                        ('target', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='changes', to='reports.target', verbose_name='chỉ tiêu')),
                    ],
                    options={
                        'verbose_name': 'lịch sử chỉ tiêu',
                        'verbose_name_plural': 'lịch sử chỉ tiêu',
                        'db_table': 'campaigns_targetchange',
                        'ordering': ['-changed_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='WeeklyReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('week', models.CharField(max_length=8, verbose_name='tuần ISO')),
                        ('week_start', models.DateField(db_index=True, verbose_name='thứ Hai của tuần')),
                        ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('submitted', 'Đã nộp'), ('accepted', 'Đã chấp nhận'), ('returned', 'Trả lại để sửa')], default='draft', max_length=10, verbose_name='trạng thái')),
                        ('press_articles', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Tin, bài báo chí')),
                        ('tv_spots', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Phóng sự, tin truyền hình')),
                        ('radio_spots', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Tin phát thanh')),
                        ('grassroots_bulletins', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Bản tin thông tin cơ sở')),
                        ('foreign_items', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Tin thông tin đối ngoại')),
                        ('social_posts', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Bài mạng xã hội')),
                        ('portal_posts', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Bài trên cổng 1034 / sàn TMĐT')),
                        ('sms_sent', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='SMS đã gửi')),
                        ('events', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Sự kiện')),
                        ('sales_programmes', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Chương trình bán hàng')),
                        ('supplier_campaigns', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Chiến dịch tiếp thị cho nhà cung cấp')),
                        ('households_onboarded', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Hộ SXNN đã lên sàn (luỹ kế)')),
                        ('active_accounts', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Tài khoản hoạt động (luỹ kế)')),
                        ('households_trained_basic', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Hộ được tập huấn cơ bản')),
                        ('households_trained_advanced', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Hộ được tập huấn nâng cao')),
                        ('products_listed', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Sản phẩm đưa lên sàn')),
                        ('ocop_products_listed', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Sản phẩm OCOP 3 sao trở lên đưa lên sàn')),
                        ('orders', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Đơn hàng')),
                        ('transaction_value_vnd', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='Giá trị giao dịch (đồng)')),
                        ('narrative', models.TextField(blank=True, verbose_name='thuyết minh')),
                        ('evidence_links', models.JSONField(blank=True, default=list, verbose_name='đường dẫn minh chứng')),
                        ('decline_explanation', models.TextField(blank=True, help_text='Bắt buộc khi số luỹ kế thấp hơn tuần trước.', verbose_name='giải trình số luỹ kế giảm')),
                        ('return_comment', models.TextField(blank=True, verbose_name='lý do trả lại')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='phiên bản')),
                        ('first_submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='nộp lần đầu lúc')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='nộp lúc')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='xử lý lúc')),
                        ('unlocked_until', models.DateTimeField(blank=True, help_text='Ngoại lệ do quản trị cấp để sửa báo cáo đã khoá.', null=True, verbose_name='mở khoá đến')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='tạo lúc')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người xử lý')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='weekly_reports', to='accounts.organisation', verbose_name='tổ chức')),
                    ],
                    options={
                        'verbose_name': 'báo cáo tuần',
                        'verbose_name_plural': 'báo cáo tuần',
                        'db_table': 'campaigns_weeklyreport',
                        'ordering': ['-week_start', 'organisation_id'],
                    },
                ),
                migrations.CreateModel(
                    name='WeeklyReportVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='phiên bản')),
                        ('data', models.JSONField(verbose_name='số liệu')),
                        ('status', models.CharField(choices=[('draft', 'Bản nháp'), ('submitted', 'Đã nộp'), ('accepted', 'Đã chấp nhận'), ('returned', 'Trả lại để sửa')], max_length=10, verbose_name='trạng thái khi lưu')),
                        ('saved_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='lưu lúc')),
                        ('saved_by', models.CharField(blank=True, max_length=150, verbose_name='người lưu')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='reports.weeklyreport', verbose_name='báo cáo')),
                    ],
                    options={
                        'verbose_name': 'phiên bản báo cáo tuần',
                        'verbose_name_plural': 'phiên bản báo cáo tuần',
                        'db_table': 'campaigns_weeklyreportversion',
                        'ordering': ['report', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='MonthlyRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.CharField(max_length=7, verbose_name='tháng')),
                        ('status', models.CharField(choices=[('pending', 'Chờ xử lý'), ('accepted', 'Đã chấp nhận'), ('returned', 'Trả lại')], default='pending', max_length=10, verbose_name='trạng thái')),
                        ('totals', models.JSONField(default=dict, verbose_name='số liệu khi xử lý')),
                        ('comment', models.TextField(blank=True, verbose_name='nhận xét')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='xử lý lúc')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người xử lý')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rollups', to='accounts.organisation', verbose_name='tổ chức')),
                    ],
                    options={
                        'verbose_name': 'tổng hợp tháng',
                        'verbose_name_plural': 'tổng hợp tháng',
                        'db_table': 'campaigns_monthlyrollup',
                        'ordering': ['-month', 'organisation_id'],
                        'constraints': [models.UniqueConstraint(fields=('organisation', 'month'), name='rollup_unique')],
                    },
                ),
                migrations.CreateModel(
                    name='ReportingObligation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('due_weekday', models.PositiveSmallIntegerField(default=0, help_text='Số ngày sau Chủ nhật cuối tuần báo cáo, trừ 1: 0 là thứ Hai tuần sau.', verbose_name='hạn nộp: thứ (0 = thứ Hai tuần sau)')),
                        ('due_time', models.TimeField(default=datetime.time(17, 0), verbose_name='hạn nộp: giờ (giờ Việt Nam)')),
                        ('timely_days', models.PositiveSmallIntegerField(default=0, help_text='Báo cáo nộp trong số ngày này sau hạn nộp vẫn được tính là đúng hạn.', verbose_name='số ngày vẫn tính là đúng hạn')),
                        ('lock_days', models.PositiveSmallIntegerField(default=14, help_text='Sau số ngày này kể từ hạn nộp, báo cáo không sửa được nữa nếu quản trị không mở khoá.', verbose_name='số ngày sau hạn thì khoá báo cáo')),
                        ('active_from', models.DateField(default=datetime.date(2022, 1, 1), verbose_name='bắt đầu báo cáo từ')),
                        ('active_until', models.DateField(blank=True, null=True, verbose_name='báo cáo đến')),
                        ('organisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reporting_obligation', to='accounts.organisation', verbose_name='tổ chức')),
                    ],
                    options={
                        'verbose_name': 'nghĩa vụ báo cáo tuần',
                        'verbose_name_plural': 'nghĩa vụ báo cáo tuần',
                        'db_table': 'campaigns_reportingobligation',
                        'constraints': [models.CheckConstraint(condition=models.Q(('due_weekday__lte', 6)), name='obligation_due_weekday'), models.CheckConstraint(condition=models.Q(('lock_days__gte', models.F('timely_days'))), name='obligation_lock')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='target',
                    constraint=models.CheckConstraint(condition=models.Q(('active_until__gte', models.F('active_from'))), name='target_range'),
                ),
                migrations.AddConstraint(
                    model_name='weeklyreport',
                    constraint=models.UniqueConstraint(fields=('organisation', 'week'), name='weekly_report_unique'),
                ),
                migrations.AddConstraint(
                    model_name='weeklyreportversion',
                    constraint=models.UniqueConstraint(fields=('report', 'number'), name='report_version_unique'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, content_types_back),
    ]
