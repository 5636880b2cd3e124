"""The demo's news tags were loaded in lower case (« berlin », « la fonda »,
« caf »): give the proper names their capitals, as demo/data/news.json now
writes them. Only a tag still named exactly as the old demo wrote it is
renamed; its slug (the address of the filter) stays as it is. Where an
editor already made the capitalised tag, the news move onto it."""

from django.db import migrations

CAPITALS = {
    "agora": "Agora",
    "avise": "Avise",
    "berlin": "Berlin",
    "caf": "CAF",
    "creavenir": "CRéAvenir",
    "croix-rouge": "Croix-Rouge",
    "erasmus+": "Erasmus+",
    "espace chopin": "Espace Chopin",
    "fab'us": "FAB'US",
    "fédération des centres sociaux": "Fédération des centres sociaux",
    "la fonda": "La Fonda",
    "la monnaie": "La Monnaie",
    "labo de l'ess": "Labo de l'ESS",
    "p'tite coopé": "P'tite Coopé",
    "start up de territoire": "Start Up de territoire",
    "tic-tac": "Tic-Tac",
    "tous engagés": "Tous engagés",
}


def capitalise(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    NewsPageTag = apps.get_model("blog", "NewsPageTag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    for old, new in CAPITALS.items():
        tag = Tag.objects.filter(name=old).first()
        if tag is None:
            continue
        existing = Tag.objects.filter(name=new).first()
        if existing is None:
            tag.name = new
            tag.save(update_fields=["name"])
            continue
        tagged = NewsPageTag.objects.filter(tag=tag)
        already = NewsPageTag.objects.filter(tag=existing).values("content_object")
        tagged.filter(content_object__in=already).delete()
        tagged.update(tag=existing)
        # Images and documents have their tags in taggit's own table.
        if not TaggedItem.objects.filter(tag=tag).exists():
            tag.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0008_capitalised_block_labels"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(capitalise, migrations.RunPython.noop)]
