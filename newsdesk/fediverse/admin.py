"""Back office: followers, followed accounts and their posts, replies, likes and boosts,
blocked servers, and the delivery log."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from newsdesk.fediverse import remote, services
from newsdesk.fediverse.models import (
    BlockedDomain,
    Delivery,
    Follower,
    Following,
    Interaction,
    Post,
    Reply,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Follower)
class FollowerAdmin(ReadOnly):
    list_display = ["actor", "local", "created_at"]
    list_filter = ["local"]
    search_fields = ["actor__username", "actor__domain"]

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("fediverse.delete_follower")


class FollowForm(forms.Form):
    account = forms.CharField(label=_("account"), max_length=500,
                              help_text=_("@user@server, or the address of the account."))


@admin.register(Following)
class FollowingAdmin(admin.ModelAdmin):
    list_display = ["actor", "accepted", "created_at"]
    actions = ["unfollow"]

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        form = FollowForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.follow(form.cleaned_data["account"])
            except remote.Unfetchable as error:
                form.add_error("account", _("That account cannot be followed: %(why)s")
                               % {"why": error})
            else:
                self.message_user(request, _("Follow request sent."), messages.SUCCESS)
                return redirect("admin:fediverse_following_changelist")
        context = {**self.admin_site.each_context(request), "form": form,
                   "opts": self.model._meta, "title": _("Follow an account")}
        return TemplateResponse(request, "fediverse/follow.html", context)

    @admin.action(description=_("Unfollow selected accounts"), permissions=["add"])
    def unfollow(self, request, queryset):
        for following in queryset.select_related("actor"):
            services.unfollow(following)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000)


@admin.register(Post)
class PostAdmin(ReadOnly):
    list_display = ["title_or_text", "actor", "kind", "updated_count", "received_at"]
    list_filter = ["actor"]
    fields = ["actor", "kind", "title", "summary", "text", "url", "published_at",
              "received_at", "updated_count", "deleted"]
    readonly_fields = fields

    @admin.display(description=_("post"))
    def title_or_text(self, post):
        return post.title or post.text[:80]

    def get_urls(self):
        return [path("<int:pk>/reply/", self.admin_site.admin_view(self.reply_view),
                     name="fediverse_post_reply"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {**(extra_context or {}),
                 "reply_url": reverse("admin:fediverse_post_reply", args=[object_id])}
        return super().change_view(request, object_id, form_url, extra)

    def reply_view(self, request, pk):
        post = Post.objects.select_related("actor").get(pk=pk)
        if not request.user.has_perm("fediverse.add_following"):
            return redirect("admin:fediverse_post_change", pk)
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.reply(post, form.cleaned_data["text"])
            self.message_user(request, _("Reply sent."), messages.SUCCESS)
            return redirect("admin:fediverse_post_change", pk)
        context = {**self.admin_site.each_context(request), "form": form, "post": post,
                   "opts": self.model._meta, "title": _("Reply to %(who)s") % {"who": post.actor}}
        return TemplateResponse(request, "fediverse/reply.html", context)


@admin.register(Reply)
class ReplyAdmin(ReadOnly):
    list_display = ["article", "actor", "url", "comment_id", "deleted", "received_at"]
    search_fields = ["note_id", "actor__username"]


@admin.register(Interaction)
class InteractionAdmin(ReadOnly):
    """Counted apart from the site's own likes (the audience app's)."""

    list_display = ["article", "kind", "actor", "created_at"]
    list_filter = ["kind"]

    def changelist_view(self, request, extra_context=None):
        totals = (Interaction.objects.values("article__title")
                  .annotate(likes=Count("pk", filter=Q(kind="like")),
                            boosts=Count("pk", filter=Q(kind="boost")))
                  .order_by("-likes", "-boosts")[:20])
        return super().changelist_view(request, {**(extra_context or {}), "totals": totals})


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "reason", "created_at"]
    search_fields = ["domain"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A blocked server's followers get nothing more from us.
        blocked = [follower.pk for follower in Follower.objects.select_related("actor")
                   if remote.is_blocked(follower.actor.uri)]
        Follower.objects.filter(pk__in=blocked).delete()


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["kind", "inbox", "status", "attempts", "status_code", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["actor", "inbox", "activity", "status", "attempts", "status_code",
                       "error", "created_at", "next_attempt_at"]

    @admin.display(description=_("activity"))
    def kind(self, delivery):
        return delivery.activity.get("type", "?")
