# Index the PDF hash: "which of our records has this SHA-256?" (isms.records.lookup).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policies', '0006_version_authors'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='documentversion',
            index=models.Index(fields=['pdf_sha256'], name='policies_version_pdf_sha256'),
        ),
    ]
