/* cmd_register.c -- init, add source|action, edit: creating the register and
 * writing new versions of its sources and actions. */
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"

/* ---- init ------------------------------------------------------------- */

static int run_init(struct cli_ctx *c, int argc, char **argv)
{
    const char *org;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {{"org", 1, &org}, {0}};
    if ((rc = cli_options(c, &CMD_INIT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if (org && (rc = store_setting_set(c->store, "org", org, &c->err)))
        return rc;
    fprintf(c->out, "created an empty register in %s\n", c->db_path);
    return 0;
}

const struct cli_command CMD_INIT = {
    "init", "create an empty register",
    "usage: oversight init [--org NAME]\n\n"
    "Creates an empty register at the --db target. Refuses a target that already\n"
    "holds a register.\n",
    CLI_STORE_CREATE, run_init};

/* ---- add source / add action ------------------------------------------ */

struct source_flags {
    const char *title, *body, *kind, *scope, *published, *assurance, *marking;
};

/* Applies the flags given onto src. */
static int apply_source(struct cli_ctx *c, const struct source_flags *f, struct source *src)
{
    int v, rc = 0;
    if (f->title) {
        if (!*f->title)
            return err_set(&c->err, ERR_USAGE, "--title must not be empty");
        src->title = f->title;
    }
    if (f->body)
        src->body = f->body;
    if (f->kind && (rc = cli_word("--kind", &VOCAB_SOURCE_KIND, f->kind, &v, &c->err)) == 0)
        src->kind = v;
    if (!rc && f->scope && (rc = cli_word("--scope", &VOCAB_SCOPE, f->scope, &v, &c->err)) == 0)
        src->scope = v;
    if (!rc && f->published)
        rc = cli_date("--published", f->published, &src->published, &c->err);
    if (!rc && f->assurance &&
        (rc = cli_word("--assurance", &VOCAB_ASSURANCE, f->assurance, &v, &c->err)) == 0)
        src->assurance = v;
    if (!rc && f->marking &&
        (rc = cli_word("--marking", &VOCAB_MARKING, f->marking, &v, &c->err)) == 0)
        src->marking = v;
    return rc;
}

struct action_flags {
    const char *ref, *source, *text, *kind, *owner, *directorate, *theme, *risk, *scope,
        *marking, *issued, *due;
};

static int apply_action(struct cli_ctx *c, const struct action_flags *f, struct action *act)
{
    struct source *src;
    int v, rc = 0;
    if (f->source) {
        if ((rc = store_source_find(c->store, f->source, &c->arena, &src, &c->err)))
            return rc;
        act->source_id = src->id;
        act->source_published = src->published;
    }
    if (f->text) {
        if (!*f->text)
            return err_set(&c->err, ERR_USAGE, "--text must not be empty");
        act->text = f->text;
    }
    if (f->kind && (rc = cli_word("--kind", &VOCAB_ACTION_KIND, f->kind, &v, &c->err)) == 0)
        act->kind = v;
    if (f->owner)
        act->owner = f->owner;
    if (f->directorate)
        act->directorate = f->directorate;
    if (f->theme)
        act->theme = f->theme;
    if (!rc && f->risk && (rc = cli_word("--risk", &VOCAB_RISK, f->risk, &v, &c->err)) == 0)
        act->risk = v;
    if (!rc && f->scope && (rc = cli_word("--scope", &VOCAB_SCOPE, f->scope, &v, &c->err)) == 0)
        act->scope = v;
    if (!rc && f->marking &&
        (rc = cli_word("--marking", &VOCAB_MARKING, f->marking, &v, &c->err)) == 0)
        act->marking = v;
    if (!rc && f->issued)
        rc = cli_date("--issued", f->issued, &act->issued, &c->err);
    return rc;
}

static int add_source(struct cli_ctx *c, int argc, char **argv)
{
    struct source_flags f;
    struct source src = {0}, *existing;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {
        {"title", 1, &f.title},         {"body", 1, &f.body},         {"kind", 1, &f.kind},
        {"scope", 1, &f.scope},         {"published", 1, &f.published},
        {"assurance", 1, &f.assurance}, {"marking", 1, &f.marking},   {0}};
    if ((rc = cli_options(c, &CMD_ADD, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if (!f.title)
        return err_set(&c->err, ERR_USAGE, "add source needs --title");
    src.published = DATE_NONE;
    if ((rc = apply_source(c, &f, &src)))
        return rc;
    if (store_source_find(c->store, src.title, &c->arena, &existing, &c->err) == 0)
        return err_set(&c->err, ERR_CONFLICT, "a source titled \"%s\" already exists", src.title);
    if ((rc = store_source_put(c->store, &src, &c->err)))
        return rc;
    fprintf(c->out, "added source \"%s\"\n", src.title);
    return 0;
}

static int add_action(struct cli_ctx *c, int argc, char **argv)
{
    struct action_flags f;
    struct action act = {0};
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {
        {"ref", 1, &f.ref},       {"source", 1, &f.source},           {"text", 1, &f.text},
        {"kind", 1, &f.kind},     {"owner", 1, &f.owner},             {"directorate", 1, &f.directorate},
        {"theme", 1, &f.theme},   {"risk", 1, &f.risk},               {"scope", 1, &f.scope},
        {"marking", 1, &f.marking}, {"issued", 1, &f.issued},         {"due", 1, &f.due},
        {0}};
    if ((rc = cli_options(c, &CMD_ADD, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if (!f.ref || !*f.ref || !f.source || !f.text)
        return err_set(&c->err, ERR_USAGE, "add action needs --ref, --source and --text");
    act.ref = f.ref;
    act.kind = AK_RECOMMENDATION;
    act.issued = DATE_NONE;
    act.source_published = DATE_NONE;
    if ((rc = apply_action(c, &f, &act)))
        return rc;
    if (action_issued(&act) == DATE_NONE)
        return err_set(&c->err, ERR_USAGE,
                       "--issued is required: source \"%s\" has no published date", f.source);
    if ((rc = store_action_put(c->store, &act, &c->err)))
        return rc;
    if (f.due && *f.due) {
        struct due_change d = {0};
        int32_t day;
        char buf[DATE_BUFSZ];
        d.action_id = act.id;
        d.effective = DATE_NONE;
        d.due = f.due;
        if (f.due[0] >= '0' && f.due[0] <= '9') {
            if ((rc = cli_date("--due", f.due, &day, &c->err)))
                return rc;
            d.due = date_format(day, buf);
        }
        if ((rc = store_due_add(c->store, &d, &c->err)))
            return rc;
    }
    fprintf(c->out, "added action %s\n", act.ref);
    return 0;
}

static int run_add(struct cli_ctx *c, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "source") == 0)
        return add_source(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "action") == 0)
        return add_action(c, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(CMD_ADD.usage, c->out);
        return 1;
    }
    return err_set(&c->err, ERR_USAGE, "add what? (add source ... | add action ...)");
}

const struct cli_command CMD_ADD = {
    "add", "add a source or an action",
    "usage: oversight add source --title T [--body B] [--kind K] [--scope S]\n"
    "                            [--published D] [--assurance A] [--marking M]\n"
    "       oversight add action --ref R --source TITLE --text T [--kind K] [--owner O]\n"
    "                            [--directorate D] [--theme T] [--risk R] [--scope S]\n"
    "                            [--marking M] [--issued D] [--due D|LABEL]\n\n"
    "Source kinds: inspection, joint_inspection, audit, review, meeting, plan.\n"
    "Scopes: national, force, regional. Markings: public, restricted.\n"
    "Assurance: substantial, reasonable, limited, no.\n"
    "Action kinds: recommendation (default), afi, cause_of_concern, audit_action,\n"
    "reference, deliverable. Risks: high, medium, low.\n"
    "An action's issued date defaults to its source's published date. Its target\n"
    "date (--due) is a date or a label such as Ongoing or TBC.\n",
    CLI_STORE, run_add};

/* ---- edit ------------------------------------------------------------- */

static int edit_source(struct cli_ctx *c, int argc, char **argv)
{
    struct source_flags f;
    struct source *src, *other;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {
        {"title", 1, &f.title},         {"body", 1, &f.body},         {"kind", 1, &f.kind},
        {"scope", 1, &f.scope},         {"published", 1, &f.published},
        {"assurance", 1, &f.assurance}, {"marking", 1, &f.marking},   {0}};
    if ((rc = cli_options(c, &CMD_EDIT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "edit source needs the source's title");
    if ((rc = store_source_find(c->store, rest[0], &c->arena, &src, &c->err)))
        return rc;
    if ((rc = apply_source(c, &f, src)))
        return rc;
    if (f.title && strcmp(f.title, rest[0]) != 0 &&
        store_source_find(c->store, f.title, &c->arena, &other, &c->err) == 0)
        return err_set(&c->err, ERR_CONFLICT, "a source titled \"%s\" already exists", f.title);
    if ((rc = store_source_put(c->store, src, &c->err)))
        return rc;
    fprintf(c->out, "source \"%s\" changed (change %lld)\n", src->title, (long long)src->seq);
    return 0;
}

static int run_edit(struct cli_ctx *c, int argc, char **argv)
{
    struct action_flags f;
    struct action *act;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {
        {"source", 1, &f.source},   {"text", 1, &f.text},       {"kind", 1, &f.kind},
        {"owner", 1, &f.owner},     {"directorate", 1, &f.directorate},
        {"theme", 1, &f.theme},     {"risk", 1, &f.risk},       {"scope", 1, &f.scope},
        {"marking", 1, &f.marking}, {"issued", 1, &f.issued},   {0}};

    if (argc >= 2 && strcmp(argv[1], "source") == 0)
        return edit_source(c, argc - 1, argv + 1);
    memset(&f, 0, sizeof f);
    if ((rc = cli_options(c, &CMD_EDIT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "edit needs one REF (or: edit source TITLE ...)");
    if ((rc = store_action_find(c->store, rest[0], &c->arena, &act, &c->err)))
        return rc;
    if ((rc = apply_action(c, &f, act)))
        return rc;
    if ((rc = store_action_put(c->store, act, &c->err)))
        return rc;
    fprintf(c->out, "%s changed (change %lld)\n", act->ref, (long long)act->seq);
    return 0;
}

const struct cli_command CMD_EDIT = {
    "edit", "change an action or a source (a new version)",
    "usage: oversight edit REF [--text T] [--owner O] [--directorate D] [--theme T]\n"
    "                          [--risk R] [--kind K] [--scope S] [--marking M]\n"
    "                          [--issued D] [--source TITLE]\n"
    "       oversight edit source TITLE [--title T] [--body B] [--kind K] [--scope S]\n"
    "                          [--published D] [--assurance A] [--marking M]\n\n"
    "Each edit is a new version; the earlier versions stay in the history.\n"
    "Target dates change with 'extend', statuses with 'update' and 'close'.\n",
    CLI_STORE, run_edit};
