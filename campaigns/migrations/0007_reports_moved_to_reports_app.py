"""Targets, obligations, weekly reports and roll-ups move to the new `reports` app.

State only: the tables stay where they are (reports' models keep `db_table = "campaigns_…"`), so a running
deployment keeps its rows. reports/migrations/0001 takes the same models over in its state.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0006_audiences_as_content'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='reportingobligation',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='target',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='target',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='target',
                    name='province',
                ),
                migrations.RemoveField(
                    model_name='targetchange',
                    name='target',
                ),
                migrations.RemoveField(
                    model_name='targetchange',
                    name='changed_by',
                ),
                migrations.RemoveField(
                    model_name='weeklyreport',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='weeklyreport',
                    name='organisation',
                ),
                migrations.RemoveField(
                    model_name='weeklyreportversion',
                    name='report',
                ),
                migrations.DeleteModel(
                    name='MonthlyRollup',
                ),
                migrations.DeleteModel(
                    name='ReportingObligation',
                ),
                migrations.DeleteModel(
                    name='Target',
                ),
                migrations.DeleteModel(
                    name='TargetChange',
                ),
                migrations.DeleteModel(
                    name='WeeklyReport',
                ),
                migrations.DeleteModel(
                    name='WeeklyReportVersion',
                ),
            ],
        ),
    ]
