"""An index on the news' date: the listings and feeds ask for the newest
first, and read it backwards instead of sorting every news item."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0009_demo_tag_capitals"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="newspage",
            index=models.Index(fields=["date"], name="blog_news_date_idx"),
        ),
    ]
