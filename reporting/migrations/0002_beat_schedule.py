"""The periodic timetable job in django-celery-beat's schedule, so administrators can see and
adjust it in the admin (Periodic tasks)."""

from django.db import migrations


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = CrontabSchedule.objects.get_or_create(
        minute="5", hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/London"
    )
    PeriodicTask.objects.get_or_create(
        name="Advance every partnership's quarterly timetable",
        defaults={"task": "reporting.advance_all_timetables", "crontab": every_hour,
                  "description": "Opens returns, sends reminders and chasers, locks returns at the collation deadline, "
                                 "freezes theme snapshots and assembles the HSP/PMG report. Safe to run at any time."},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task="reporting.advance_all_timetables").delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(schedule, unschedule)]
