"""The events' public now takes the codes of the projects' publics (one list,
cooperation.models.Public): recode the stored values, in the pages, in
their revisions (drafts, history) and in the sources of their translations,
so that publishing a draft or reverting keeps a valid public."""

import json

from django.db import migrations

# The old agenda codes and the shared ones; the others did not change.
OLD_TO_NEW = {"tous": "tous-publics", "enfants": "enfance", "jeunes": "jeunesse"}
NEW_TO_OLD = {new: old for old, new in OLD_TO_NEW.items()}


def recode(apps, mapping):
    ContentType = apps.get_model("contenttypes", "ContentType")
    EventPage = apps.get_model("agenda", "EventPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")

    for old, new in mapping.items():
        EventPage.objects.filter(audience=old).update(audience=new)

    content_type = ContentType.objects.filter(
        app_label="agenda", model="eventpage"
    ).first()
    if content_type is None:
        return
    revisions = Revision.objects.filter(content_type_id=content_type.pk)
    for revision in revisions.iterator():
        audience = revision.content.get("audience")
        if audience in mapping:
            revision.content["audience"] = mapping[audience]
            revision.save(update_fields=["content"])
    for source in TranslationSource.objects.filter(
        specific_content_type_id=content_type.pk
    ).iterator():
        content = json.loads(source.content_json)
        if content.get("audience") in mapping:
            content["audience"] = mapping[content["audience"]]
            source.content_json = json.dumps(content)
            source.save(update_fields=["content_json"])


def forwards(apps, schema_editor):
    recode(apps, OLD_TO_NEW)


def backwards(apps, schema_editor):
    recode(apps, NEW_TO_OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0005_shared_public_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
