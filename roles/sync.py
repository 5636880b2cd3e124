"""The site's roles as Wagtail groups, and the « Relecture » workflow.

`sync_roles(apps)` makes the groups, their permissions and the workflow what
this module says, and nothing more: it is run by the data migration (with
the historical models) and by `manage.py sync_roles` (with the real ones),
as often as needed. Models are named by their label, never imported, so that
the migration and the command share one definition.

- Administrateurs: every permission, users and groups included.
- Communication: every page (edit, publish), newsletters (lists, subscribers,
  campaigns and their sending), vocabularies, site settings, redirects,
  promotions, images and documents; no user administration.
- one group per centre, named after the French centre page: add and edit in
  the centre's subtree (its page, its news, its events, in every language),
  add action sheets in the Projets section (and edit the ones they created);
  publish nothing: everything goes through « Relecture ».
- Traduction: translate with wagtail-localize and edit the English and
  Arabic trees; publish nothing.
"""

from django.conf import settings
from django.db.models import Q

ADMINISTRATORS = "Administrateurs"
COMMUNICATION = "Communication"
TRANSLATION = "Traduction"
FIXED_GROUPS = (ADMINISTRATORS, COMMUNICATION, TRANSLATION)
# Wagtail's default groups, replaced by the roles above.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")

WORKFLOW = "Relecture"
REVIEW_TASK = "Validation par la communication"
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

ALL_PAGE_PERMISSIONS = ("add", "bulk_delete", "change", "lock", "publish", "unlock")
MEDIA_PERMISSIONS = ("add", "change", "choose", "delete")
CRUD = ("add", "change", "delete", "view")

# Communication's model permissions: app label, model, actions.
COMMUNICATION_MODELS = [
    ("agenda", "eventcategory", CRUD),
    ("blog", "newscategory", CRUD),
    ("projects", "dimension", CRUD),
    ("projects", "keyword", CRUD),
    ("projects", "partnertype", CRUD),
    ("newsletter", "mailinglist", CRUD),
    ("newsletter", "subscriber", CRUD),
    ("newsletter", "campaign", ("view", "send")),
    ("cooperation", "sitesettings", ("change", "view")),
    ("wagtailredirects", "redirect", CRUD),
    ("wagtailsearchpromotions", "searchpromotion", CRUD),
    ("wagtailsearchpromotions", "query", CRUD),
    ("wagtailcore", "collection", ("add", "change", "view")),
]
ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin")
SUBMIT_TRANSLATION = ("wagtail_localize", None, "submit_translation")


def centre_group_names(centre):
    """The names a centre's group may take, in order of preference."""
    title = centre.title[:150]
    yield title
    yield f"{centre.title[:140]} ({centre.slug})"[:150]
    for number in range(2, 100):
        yield f"{centre.title[:140]} ({number})"


def centre_group_is_current(apps, centre, french):
    """Whether the group of the French centre `french` already has its
    name and holds `centre` (that page or one of its translations): then
    publishing `centre` changes nothing `sync_roles` would make."""
    Group = apps.get_model("auth", "Group")
    return (
        Group.objects.filter(
            name__in=list(centre_group_names(french))[:2],
            page_permissions__page=french,
            page_permissions__permission__codename="change_page",
        )
        .filter(page_permissions__page=centre)
        .exists()
    )


def sync_roles(apps, log=None):
    """Make the groups, their permissions and the workflow as described."""
    roles = _Roles(apps, log or (lambda message: None))
    roles.sync()
    return roles


class _Roles:
    def __init__(self, apps, log):
        self.apps = apps
        self.log = log
        self.Group = apps.get_model("auth", "Group")
        self.Permission = apps.get_model("auth", "Permission")
        self.GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        self.GroupCollectionPermission = apps.get_model(
            "wagtailcore", "GroupCollectionPermission"
        )
        self.Page = apps.get_model("wagtailcore", "Page")

    def sync(self):
        groups = {name: self.group(name) for name in FIXED_GROUPS}
        root = self.Page.objects.filter(depth=1).order_by("path").first()
        collection = (
            self.apps.get_model("wagtailcore", "Collection")
            .objects.filter(depth=1)
            .order_by("path")
            .first()
        )

        admins = groups[ADMINISTRATORS]
        admins.permissions.set(self.Permission.objects.all())
        self.page_permissions(admins, {root: ALL_PAGE_PERMISSIONS})
        self.collection_permissions(admins, collection, MEDIA_PERMISSIONS)

        communication = groups[COMMUNICATION]
        communication.permissions.set(self.communication_permissions())
        self.page_permissions(communication, {root: ALL_PAGE_PERMISSIONS})
        self.collection_permissions(communication, collection, MEDIA_PERMISSIONS)

        translation = groups[TRANSLATION]
        translation.permissions.set(
            self.permissions([ADMIN_ACCESS, SUBMIT_TRANSLATION])
        )
        self.page_permissions(
            translation, dict.fromkeys(self.translated_roots(), ("add", "change"))
        )
        self.collection_permissions(translation, collection, ("choose",))

        self.centre_groups(collection)
        self.workflow(root, communication)
        self.retire_wagtail_groups(communication)

    # Groups and permissions ---------------------------------------------

    def group(self, name):
        group, created = self.Group.objects.get_or_create(name=name)
        if created:
            self.log(f"Groupe créé : {name}")
        return group

    def permissions(self, triples):
        """Permission rows for (app label, model or None, codename) triples."""
        query = Q(pk__in=[])
        for app_label, model, codename in triples:
            condition = Q(content_type__app_label=app_label, codename=codename)
            if model:
                condition &= Q(content_type__model=model)
            query |= condition
        return self.Permission.objects.filter(query)

    def communication_permissions(self):
        triples = [ADMIN_ACCESS, SUBMIT_TRANSLATION]
        for app_label, model, actions in COMMUNICATION_MODELS:
            triples += [(app_label, model, f"{action}_{model}") for action in actions]
        return self.permissions(triples)

    def page_permissions(self, group, wanted):
        """Exactly these page permissions: {page: (action, …)}."""
        rows = set()
        for page, actions in wanted.items():
            if page is None:
                continue
            triples = [("wagtailcore", "page", f"{action}_page") for action in actions]
            rows |= {
                (page.pk, pk)
                for pk in self.permissions(triples).values_list("pk", flat=True)
            }
        self.keep_exactly(self.GroupPagePermission, group, "page_id", rows)

    def collection_permissions(self, group, collection, actions):
        """Exactly these image and document permissions on `collection`."""
        rows = set()
        if collection is not None:
            triples = [
                (app, None, f"{action}_{model}")
                for app, model in (
                    ("wagtailimages", "image"),
                    ("wagtaildocs", "document"),
                )
                for action in actions
            ]
            rows = {
                (collection.pk, pk)
                for pk in self.permissions(triples).values_list("pk", flat=True)
            }
        self.keep_exactly(self.GroupCollectionPermission, group, "collection_id", rows)

    def keep_exactly(self, model, group, target, rows):
        """`group`'s rows of `model` become `rows`, (target id, permission id)
        pairs: the others are deleted, the missing ones made."""
        existing = {
            (getattr(row, target), row.permission_id): row.pk
            for row in model.objects.filter(group=group)
        }
        model.objects.filter(
            pk__in=[pk for key, pk in existing.items() if key not in rows]
        ).delete()
        model.objects.bulk_create(
            model(group=group, permission_id=permission, **{target: target_id})
            for target_id, permission in rows - existing.keys()
        )

    def translated_roots(self):
        """The home pages of the languages other than French."""
        return self.Page.objects.filter(depth=2).exclude(
            locale__language_code=settings.LANGUAGE_CODE
        )

    # Centres ------------------------------------------------------------

    def centre_groups(self, collection):
        CentrePage = self.apps.get_model("centres", "CentrePage")
        ProjectIndexPage = self.apps.get_model("projects", "ProjectIndexPage")
        sections = ProjectIndexPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        )
        access = self.permissions([ADMIN_ACCESS])
        centres = CentrePage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("path")
        for centre in centres:
            group = self.centre_group(centre)
            group.permissions.set(access)
            copies = CentrePage.objects.filter(translation_key=centre.translation_key)
            wanted = dict.fromkeys(copies, ("add", "change"))
            wanted.update(dict.fromkeys(sections, ("add",)))
            self.page_permissions(group, wanted)
            self.collection_permissions(group, collection, ("add", "choose"))

    def centre_group(self, centre):
        """The group that edits `centre`: found by its permission on the
        centre page, so that renaming the centre renames the group."""
        group = self.centre_holders().filter(page_permissions__page=centre).first()
        name = self.free_name(centre, group)
        if group is None:
            group = self.Group.objects.create(name=name)
            self.log(f"Groupe créé : {name}")
            return group
        if group.name != name:
            self.log(f"Groupe renommé : {group.name} → {name}")
            group.name = name
            group.save(update_fields=["name"])
        return group

    def centre_holders(self):
        return self.Group.objects.filter(
            page_permissions__permission__codename="change_page"
        ).exclude(name__in=FIXED_GROUPS)

    def free_name(self, centre, group):
        """The centre's title, unless another group (a second centre of that
        name, a role, a group made by hand) has it: then the title with the
        slug, then with a number. A centre never takes over a group."""
        taken = self.Group.objects.exclude(pk=getattr(group, "pk", None))
        for name in centre_group_names(centre):
            if name not in FIXED_GROUPS and not taken.filter(name=name).exists():
                return name
        raise RuntimeError(f"Aucun nom de groupe libre pour {centre.title}")

    # The review workflow ------------------------------------------------

    def workflow(self, root, communication):
        """« Relecture », one task for Communication, on the whole tree. Wagtail's
        default workflow, if there, becomes it (its history is kept)."""
        Workflow = self.apps.get_model("wagtailcore", "Workflow")
        WorkflowTask = self.apps.get_model("wagtailcore", "WorkflowTask")
        WorkflowPage = self.apps.get_model("wagtailcore", "WorkflowPage")
        GroupApprovalTask = self.apps.get_model("wagtailcore", "GroupApprovalTask")
        ContentType = self.apps.get_model("contenttypes", "ContentType")

        workflow = (
            Workflow.objects.filter(name=WORKFLOW).first()
            or Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
            or Workflow(name=WORKFLOW)
        )
        workflow.name = WORKFLOW
        workflow.active = True
        workflow.save()

        task = (
            GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
            or GroupApprovalTask.objects.filter(
                workflow_tasks__workflow=workflow
            ).first()
            or GroupApprovalTask(
                content_type=ContentType.objects.get_or_create(
                    app_label="wagtailcore", model="groupapprovaltask"
                )[0]
            )
        )
        task.name = REVIEW_TASK
        task.active = True
        task.save()
        task.groups.set([communication])

        WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": 0}
        )
        if root is not None:
            WorkflowPage.objects.update_or_create(
                page=root, defaults={"workflow": workflow}
            )

    def retire_wagtail_groups(self, communication):
        """Wagtail's « Moderators » become Communication members; « Editors »
        goes when nobody is in it (its members are left for a person to
        place in a role)."""
        User = self.apps.get_model(*settings.AUTH_USER_MODEL.split("."))
        for name in WAGTAIL_DEFAULT_GROUPS:
            group = self.Group.objects.filter(name=name).first()
            if group is None:
                continue
            members = User.objects.filter(groups=group)
            if name == "Moderators":
                for user in members:
                    user.groups.add(communication)
            elif members.exists():
                self.log(
                    f"Le groupe « {name} » a encore des membres : placez-les dans "
                    "un rôle, puis relancez sync_roles."
                )
                continue
            group.delete()
            self.log(f"Groupe supprimé : {name}")
