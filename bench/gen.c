/* gen.c -- oversight-gen: a deterministic generator of large registers for the
 * benchmarks and the kill test.
 *
 *   oversight-gen SIZE DIR
 *     SIZE  small (200 actions, 2,000 updates), large (5,000 / 50,000),
 *           all (every force together: 100,000 / 1,000,000), or
 *           ACTIONS:UPDATES for any other size (e.g. 2000:20000)
 *     DIR   created if missing; receives sources.csv, actions.csv,
 *           updates.csv (DESIGN.md section 5) and points.txt
 *
 * Everything comes from one fixed-seed splitmix64 stream consumed in a fixed
 * order, with integer arithmetic only and a total order for every sort, so the
 * same SIZE gives the same bytes on every run and every machine.  No rand(),
 * no clock, no locale.
 *
 * The shape follows the seed papers: national thematic inspections whose
 * recommendations land on (most) forces, regional ones, each force's PEEL
 * cycles (areas for improvement, causes of concern with their
 * recommendations), custody, child protection and crime data integrity
 * inspections, internal audits with assurance levels and risk-rated actions,
 * internal reviews, the committee's outstanding references and strategy
 * delivery plans.  Updates run white/amber/red/green, closures carry a reason
 * and a `completed` closure always follows a green set by someone else.  Per
 * action the updates are in date order, sometimes several on one date; the
 * file as a whole is in date order, so any prefix of it is itself a valid
 * updates file (the kill test relies on that). */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers: splitmix64 ---------------------------------------- */

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), without modulo bias. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;

    do
        x = rng_next(r);
    while (x >= lim);
    return (uint32_t)(x % n);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
    return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability per_mille / 1000. */
static int rng_pm(struct rng *r, int per_mille)
{
    return (int)rng_below(r, 1000) < per_mille;
}

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)ARRAY_LEN(arr))])

/* ---- allocation and output --------------------------------------------- */

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);

    if (!p) {
        fputs("oversight-gen: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        fputs("oversight-gen: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xcalloc(n, 1);

    memcpy(p, s, n);
    return p;
}

static FILE *out_open(const char *dir, const char *name, char **path)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    FILE *f;

    *path = xcalloc(n, 1);
    snprintf(*path, n, "%s/%s", dir, name);
    f = fopen(*path, "w");
    if (!f) {
        fprintf(stderr, "oversight-gen: %s: %s\n", *path, strerror(errno));
        exit(1);
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    return f;
}

static void out_close(FILE *f, char *path)
{
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "oversight-gen: %s: write failed\n", path);
        exit(1);
    }
    free(path);
}

/* One CSV field, quoted as RFC 4180 says when it has to be. */
static void csv_field(FILE *f, const char *s)
{
    size_t n = strlen(s);

    if (strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '))) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

/* A row of n fields, LF-terminated. */
static void csv_row(FILE *f, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        csv_field(f, fields[i]);
    }
    fputc('\n', f);
}

/* ---- dates: days since 1970-01-01 (Hinnant's civil calendar) ----------- */

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int year_of(int32_t z)
{
    int y, m, d;

    civil_from_days(z, &y, &m, &d);
    return y;
}

/* 0 = Sunday ... 6 = Saturday. */
static int weekday(int32_t z)
{
    return (int)(((z % 7) + 11) % 7);
}

/* Moves a weekend day to the Monday after. */
static int32_t working_day(int32_t z)
{
    int w = weekday(z);

    return z + (w == 6 ? 2 : w == 0 ? 1 : 0);
}

/* YYYY-MM-DD, or DD/MM/YYYY as UK Excel writes it when uk is set. */
static void fmt_date(char *buf, size_t n, int32_t z, int uk)
{
    int y, m, d;

    civil_from_days(z, &y, &m, &d);
    if (uk)
        snprintf(buf, n, "%02d/%02d/%04d", d, m, y);
    else
        snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

static const char *const MONTHS[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static int32_t end_of_month(int32_t z)
{
    int y, m, d;

    civil_from_days(z, &y, &m, &d);
    return m == 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, m + 1, 1) - 1;
}

/* The register's time span. */
#define D_START days_from_civil(2014, 1, 6)
#define D_SRC_END days_from_civil(2024, 9, 30)
#define D_END days_from_civil(2024, 12, 31)

/* ---- a set of strings (titles, refs), for uniqueness ------------------- */

struct strset {
    char **slot;
    size_t cap, len;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* Adds s; returns 0 if it was already there. */
static int strset_add(struct strset *set, const char *s)
{
    if (2 * (set->len + 1) > set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 1024;
        char **slot = xcalloc(cap, sizeof(*slot));

        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slot[i])
                continue;
            size_t j = fnv1a(set->slot[i]) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = set->slot[i];
        }
        free(set->slot);
        set->slot = slot;
        set->cap = cap;
    }
    size_t j = fnv1a(s) & (set->cap - 1);
    while (set->slot[j]) {
        if (strcmp(set->slot[j], s) == 0)
            return 0;
        j = (j + 1) & (set->cap - 1);
    }
    set->slot[j] = xstrdup(s);
    set->len++;
    return 1;
}

static int strset_has(const struct strset *set, const char *s)
{
    if (!set->cap)
        return 0;
    for (size_t j = fnv1a(s) & (set->cap - 1); set->slot[j]; j = (j + 1) & (set->cap - 1))
        if (strcmp(set->slot[j], s) == 0)
            return 1;
    return 0;
}

static void strset_release(struct strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slot[i]);
    free(set->slot);
    memset(set, 0, sizeof(*set));
}

/* ---- the world: forces, regions, directorates, themes ------------------ */

struct force {
    const char *name, *code, *committee;
    int region;
    int weight; /* relative size, in tenths */
};

static const char *const REGIONS[] = {
    "London",        "South East", "East of England",      "East Midlands", "West Midlands",
    "South West",    "North West", "North East",           "Yorkshire and the Humber",
    "Wales",
};

static const struct force FORCES[] = {
    {"Avon and Somerset Constabulary", "ASP", "Joint Audit Committee", 5, 14},
    {"Bedfordshire Police", "BED", "Joint Audit Committee", 2, 8},
    {"Cambridgeshire Constabulary", "CAM", "Joint Audit Committee", 2, 9},
    {"Cheshire Constabulary", "CHE", "Joint Audit Committee", 6, 10},
    {"City of London Police", "CoLP", "Strategic Planning and Performance Committee", 0, 7},
    {"Cleveland Police", "CLE", "Joint Independent Audit Committee", 7, 8},
    {"Cumbria Constabulary", "CUM", "Joint Audit Committee", 6, 7},
    {"Derbyshire Constabulary", "DER", "Joint Audit and Risk Committee", 3, 10},
    {"Devon and Cornwall Police", "DC", "Joint Audit Committee", 5, 14},
    {"Dorset Police", "DOR", "Joint Independent Audit Committee", 5, 8},
    {"Durham Constabulary", "DUR", "Joint Audit Committee", 7, 7},
    {"Dyfed-Powys Police", "DP", "Joint Audit Committee", 9, 7},
    {"Essex Police", "ESX", "Joint Audit Committee", 2, 13},
    {"Gloucestershire Constabulary", "GLO", "Audit and Ethics Committee", 5, 7},
    {"Greater Manchester Police", "GMP", "Joint Audit Panel", 6, 30},
    {"Gwent Police", "GWE", "Joint Audit Committee", 9, 7},
    {"Hampshire and Isle of Wight Constabulary", "HIOW", "Joint Audit Committee", 1, 14},
    {"Hertfordshire Constabulary", "HER", "Joint Audit Committee", 2, 10},
    {"Humberside Police", "HUM", "Joint Independent Audit Committee", 8, 10},
    {"Kent Police", "KEN", "Joint Audit Committee", 1, 14},
    {"Lancashire Constabulary", "LAN", "Joint Audit and Ethics Committee", 6, 14},
    {"Leicestershire Police", "LEI", "Joint Audit, Risk and Assurance Panel", 3, 10},
    {"Lincolnshire Police", "LIN", "Joint Independent Audit Committee", 3, 7},
    {"Merseyside Police", "MER", "Joint Audit Committee", 6, 16},
    {"Metropolitan Police Service", "MPS", "Audit Panel", 0, 60},
    {"Norfolk Constabulary", "NOR", "Audit Committee", 2, 8},
    {"North Wales Police", "NWP", "Joint Audit Committee", 9, 8},
    {"North Yorkshire Police", "NYP", "Joint Independent Audit Committee", 8, 8},
    {"Northamptonshire Police", "NTH", "Joint Independent Audit Committee", 3, 8},
    {"Northumbria Police", "NUM", "Joint Independent Audit Committee", 7, 14},
    {"Nottinghamshire Police", "NOT", "Joint Audit and Scrutiny Panel", 3, 10},
    {"South Wales Police", "SWP", "Joint Audit Committee", 9, 13},
    {"South Yorkshire Police", "SYP", "Joint Independent Audit Committee", 8, 13},
    {"Staffordshire Police", "STA", "Ethics, Transparency and Audit Panel", 4, 9},
    {"Suffolk Constabulary", "SUF", "Audit Committee", 2, 7},
    {"Surrey Police", "SUR", "Joint Audit Committee", 1, 9},
    {"Sussex Police", "SUS", "Joint Audit Committee", 1, 12},
    {"Thames Valley Police", "TVP", "Joint Independent Audit Committee", 1, 18},
    {"Warwickshire Police", "WAR", "Joint Audit and Standards Committee", 4, 7},
    {"West Mercia Police", "WMC", "Joint Audit Committee", 4, 10},
    {"West Midlands Police", "WMP", "Strategic Police and Crime Board", 4, 28},
    {"West Yorkshire Police", "WYP", "Joint Independent Audit Committee", 8, 22},
    {"Wiltshire Police", "WIL", "Joint Audit Committee", 5, 7},
};

#define FORCE_COLP 4
#define FORCE_MPS 24

struct directorate {
    const char *name;
    int weight;
    const char *owners[5];
};

static const struct directorate DIRECTORATES[] = {
    {"Specialist Operations", 20,
     {"Det Ch Supt Specialist Operations", "Head of Public Protection", "Custody Inspector",
      "DCI Major Crime", "Head of Intelligence"}},
    {"Operations & Security", 16,
     {"T/Commander Operations & Security", "FCR Inspector", "Head of Contact", "Supt Response",
      "Chief Inspector Roads Policing"}},
    {"Professionalism & Trust", 14,
     {"Head of Professional Standards", "Vetting Manager",
      "Head of Learning & Organisational Development", "Head of Inclusion",
      "Supt Professional Standards"}},
    {"Corporate Services", 14,
     {"Chief Operating Officer", "Chief Information Officer", "Head of HR", "Head of Finance",
      "Head of Estates"}},
    {"Strategy, Planning & Service Improvement", 12,
     {"Head of Strategy & Planning", "FCIR", "Niche Team & FCIR",
      "Head of Business Information (Data)", "Strategy, Planning & Service Improvement - FCIR"}},
    {"Economic & Cyber Crime", 8,
     {"Commander Economic & Cyber Crime", "NFIB & FCIR", "Head of Action Fraud",
      "DCI Cyber Crime Unit", "Head of Economic Crime Academy"}},
    {"Local Policing", 12,
     {"Supt Local Policing", "NHP Inspector", "Head of Criminal Justice", "Chief Inspector NHP",
      "Local Policing Commander"}},
    {"Police Authority", 4,
     {"PA Director", "Head of Police Authority", "Police Authority Board", "PA Director",
      "Head of Police Authority"}},
};

#define DIR_CORPORATE 3
#define DIR_AUTHORITY 7

/* Progress-note writers who are people rather than posts. */
static const char *const PEOPLE[] = {
    "E. Cunnington", "B. McKenna",  "R. Riley",   "A. Horsburgh", "C. Flinter",
    "R. Atkin",      "K. Barrass",  "S. O'Neill", "J. Okafor",    "P. Nowak",
    "H. Ahmed",      "M. Davies",   "L. Chen",    "T. Williams",  "G. Singh",
};

/* Who signs closures off: never an action owner. */
static const char *const BOARDS[] = {
    "Operational Improvement Board", "OIB", "AC Operations & Security",
    "Force Assurance Board", "Deputy Chief Constable",
};

struct theme {
    const char *name;   /* the action's theme */
    const char *title;  /* a national thematic's title */
    const char *stem;   /* ref stem */
    const char *body;   /* issuing body of the thematic */
    const char *kind;   /* its source_kind */
    const char *objects[4];
};

static const struct theme THEMES[] = {
    {"Vetting", "An inspection of vetting, misconduct and misogyny in the police service", "VET",
     "HMICFRS", "inspection",
     {"its vetting decisions", "the capacity of its counter-corruption unit",
      "the quality assurance of vetting files", "its use of the police national database"}},
    {"VAWG", "Police engagement with women and girls", "VAWG", "HMICFRS", "inspection",
     {"its violence against women and girls action plan", "the recording of misogyny",
      "its engagement with women's organisations", "the \"Ask for Angela\" scheme"}},
    {"Stalking & harassment", "Stalking and harassment: an inspection of police forces and the CPS",
     "STK", "HMCPSI", "joint_inspection",
     {"its use of stalking protection orders", "the recording of stalking and harassment crimes",
      "risk assessment for stalking victims", "supervision of stalking investigations"}},
    {"Child protection", "National child protection inspection: the post-inspection review", "CPI",
     "HMICFRS", "inspection",
     {"the information it shares with children's social care", "its management of missing children",
      "the voice of the child in its records", "supervision of child protection investigations"}},
    {"Custody", "Custody services: a national thematic inspection", "CUS", "HMI Prisons",
     "joint_inspection",
     {"its governance of custody", "the use of force in custody", "the care of detainees at risk",
      "its pre-release risk assessments"}},
    {"Crime data integrity", "Crime data integrity: national thematic", "CDI", "HMICFRS",
     "inspection",
     {"its crime recording standards", "the crime registrar's audit programme",
      "the recording of reports of rape", "the recording of crimes reported to the control room"}},
    {"Digital forensics",
     "Digital forensics: an inspection of the police and CPS use of digital evidence", "DF",
     "HMICFRS", "joint_inspection",
     {"its digital forensic capacity", "the backlog of devices awaiting examination",
      "its ISO 17025 accreditation plan", "training in the capture of digital evidence"}},
    {"Fraud", "Fraud: time to choose", "FRD", "HMICFRS", "inspection",
     {"its response to Action Fraud disseminations", "support for victims of fraud",
      "its fraud protect activity", "the allocation of fraud investigations"}},
    {"Serious & organised crime",
     "An inspection of the effectiveness of the regional organised crime units", "SOC", "HMICFRS",
     "inspection",
     {"its organised crime group mapping", "its tasking of regional assets",
      "the management of serious and organised crime threats", "its lifetime offender management"}},
    {"Counter-terrorism", "Counter-terrorism policing: an inspection of the police's contribution",
     "CT", "HMICFRS", "inspection",
     {"its Prevent referrals process", "its counter-terrorism training",
      "the security of its protectively marked material", "its multi-agency CT arrangements"}},
    {"Mental health", "Policing and mental health: picking up the pieces", "MH", "HMICFRS",
     "inspection",
     {"its use of section 136", "the \"Right Care, Right Person\" model",
      "the identification of mental ill health at first contact", "its triage arrangements"}},
    {"Disproportionality",
     "Disproportionate use of police powers: a spotlight on stop and search and the use of force",
     "SSUF", "HMICFRS", "inspection",
     {"its stop and search scrutiny", "the recording of use of force",
      "its external scrutiny panels", "body-worn video review"}},
    {"Hate crime", "Understanding the difference: the initial police response to hate crime", "HC",
     "HMICFRS", "inspection",
     {"the identification of hate crime", "its True Vision reporting", "support for hate crime victims",
      "the flagging of hate crime records"}},
    {"Modern slavery",
     "Stolen freedom: the policing response to modern slavery and human trafficking", "MSHT",
     "HMICFRS", "inspection",
     {"its referrals to the national referral mechanism", "its modern slavery investigations",
      "training in modern slavery indicators", "partnership working on exploitation"}},
    {"Wellbeing", "Police officer and staff wellbeing", "WB", "HMICFRS", "inspection",
     {"its occupational health provision", "its wellbeing strategy",
      "trauma support for specialist roles", "the management of sickness absence"}},
    {"Domestic abuse", "The police response to domestic abuse", "DA", "HMICFRS", "inspection",
     {"its DASH risk assessments", "its use of domestic violence protection orders",
      "its MARAC referrals", "evidence-led prosecutions"}},
    {"Rape", "A joint thematic inspection of the police and CPS response to rape", "RAPE", "HMCPSI",
     "joint_inspection",
     {"its specialist rape investigators", "victim withdrawal from rape investigations",
      "early advice from the CPS", "its Operation Soteria Bluestone plan"}},
    {"Case files", "Joint inspection of case file quality", "CF", "HMCPSI", "joint_inspection",
     {"the quality of its case files", "its disclosure schedules",
      "supervisory review of case files", "compliance with the director's guidance on charging"}},
    {"Anti-social behaviour", "The police response to anti-social behaviour", "ASB", "HMICFRS",
     "inspection",
     {"its ASB risk assessments", "the use of community triggers",
      "its problem-solving with partners", "the recording of ASB incidents"}},
    {"Victims", "Meeting the needs of victims in the criminal justice system", "VIC",
     "HMI Probation", "joint_inspection",
     {"its compliance with the Victims' Code", "victim needs assessments",
      "the victim contact scheme", "updates to victims on their cases"}},
    {"Offender management", "Integrated offender management: a joint thematic inspection", "IOM",
     "HMI Probation", "joint_inspection",
     {"its integrated offender management cohort", "information sharing with probation",
      "the management of registered sex offenders", "its ViSOR records"}},
    {"Contact management",
     "Call handling: the police response to emergency and non-emergency calls", "CALL", "HMICFRS",
     "inspection",
     {"its 101 call abandonment rate", "THRIVE risk assessments in the control room",
      "the grading of incidents", "its online reporting channels"}},
    {"Information management", "Information management and the use of police data", "DATA",
     "HMICFRS", "inspection",
     {"its records management and retention", "data quality on Niche",
      "its information sharing agreements", "the review of PND records"}},
    {"Race & culture", "An inspection of race and culture in police forces", "RACE", "HMICFRS",
     "inspection",
     {"its race action plan", "the recording of ethnicity data",
      "its positive action programmes", "community trust and confidence"}},
};

#define THEME_CT 9
#define THEME_CDI 5
#define THEME_CUSTODY 4
#define THEME_CHILD 3

static const char *const OUTCOMES[] = {
    "victims receive a consistent service",
    "risk is identified at the first point of contact",
    "officers and staff understand what is expected of them",
    "decisions are recorded, reviewed and auditable",
    "the public can have confidence in the force's approach",
    "supervisors can see and act on performance",
    "it meets the national standard",
    "lessons are learned and shared across the force",
};

static const char *const AUDIT_TOPICS[] = {
    "Seized property",         "Overtime and allowances", "Purchase cards",
    "Business continuity",     "Information security",    "Firearms licensing",
    "Duty management system",  "Fleet management",        "Payroll",
    "Health and safety",       "Evidence storage",        "Cyber resilience",
    "Budget management",       "Asset management",        "GDPR compliance",
    "Procurement",             "Expenses",                "Collaboration agreements",
};

static const char *const AUDIT_CONTROLS[] = {
    "records are reconciled monthly, with discrepancies escalated",
    "procedures are documented, approved and communicated to staff",
    "access rights are reviewed at least quarterly",
    "exception reports are reviewed and signed off by a manager",
    "a risk register is kept, reviewed and reported to the board",
    "performance is reported to the Force Executive Board",
};

static const char *const REVIEWS[] = {
    "Crime data integrity review",  "Custody review",
    "Review of the Force Control Room", "Public Protection Unit review",
    "Review of stop and search scrutiny", "Review of the Professional Standards Directorate",
    "Workforce strategy review",    "Review of the Economic Crime Directorate",
    "Serious case review",          "Domestic homicide review",
};

struct plan {
    const char *title, *stem;
};

static const struct plan PLANS[] = {
    {"Neighbourhood Policing Strategy Delivery Plan", "NHP"},
    {"Policing Plan", "PP"},
    {"Victim Strategy Delivery Plan", "VS"},
    {"Equality, Diversity and Inclusion Strategy Delivery Plan", "EDI"},
    {"Cyber Strategy Delivery Plan", "CYB"},
    {"Estates Strategy Delivery Plan", "EST"},
    {"VAWG Action Plan", "VAP"},
    {"Workforce Plan", "WFP"},
};

static const char *const PLAN_VERBS[] = {
    "establish", "publish", "review", "host", "develop", "embed", "deliver", "evaluate",
};

/* ---- the register being built ------------------------------------------ */

enum family {
    FAM_NATIONAL, FAM_REGIONAL, FAM_PEEL, FAM_CUSTODY, FAM_CHILD, FAM_CDI,
    FAM_AUDIT, FAM_REVIEW, FAM_MEETING, FAM_PLAN,
};

struct source {
    char *title, *code;
    const char *body, *kind, *scope, *assurance, *marking;
    int32_t published;
    enum family fam;
    int theme, force, region; /* force -1: shared */
    int nrec;                 /* shared: recommendations it makes */
    int order;                /* position in sources.csv */
};

struct action {
    char ref[48];
    int src, force, seq;
    const char *kind, *owner, *directorate, *theme, *risk, *scope, *marking;
    char *text;
    int32_t issued;   /* the effective issued date (explicit or the source's) */
    int issued_set;   /* issued written explicitly */
    char due[24];
    int nupd;
};

struct update {
    int32_t date;
    int action, seq;
    unsigned char status; /* ST_* */
    unsigned char reason; /* REASON_* */
    unsigned char uk_date, word;
    uint64_t seed;        /* for its note and author */
};

enum { ST_WHITE, ST_AMBER, ST_RED, ST_GREEN, ST_CLOSED };
enum { R_NONE, R_COMPLETED, R_SUPERSEDED, R_WRITTEN_OFF, R_NOT_APPLICABLE, R_CLOSED_BY_ISSUER };

static const char *const REASON_NAMES[] = {
    "", "completed", "superseded", "written_off", "not_applicable", "closed_by_issuer",
};

/* Status words, canonical first, then what trackers also write. */
static const char *const STATUS_WORDS[][5] = {
    {"White", "white", "W", "Not started", "Not Started"},
    {"Amber", "amber", "A", "In progress", "In Progress"},
    {"Red", "red", "R", "Red", "RED"},
    {"Green", "green", "G", "Complete", "Done"},
    {"Closed", "closed", "Closed", "Signed off", "CLOSED"},
};

struct world {
    struct rng g;
    const struct force **forces;
    int nforces;
    int multi; /* refs carry the force code */
    struct source *src;
    int nsrc, capsrc;
    struct action *act;
    int nact, capact;
    struct strset titles, refs;
};

static struct source *source_new(struct world *w)
{
    if (w->nsrc == w->capsrc) {
        w->capsrc = w->capsrc ? 2 * w->capsrc : 256;
        w->src = xrealloc(w->src, (size_t)w->capsrc * sizeof(*w->src));
    }
    struct source *s = &w->src[w->nsrc++];
    memset(s, 0, sizeof(*s));
    s->force = -1;
    s->region = -1;
    s->theme = -1;
    s->marking = "public";
    s->scope = "force";
    s->assurance = "";
    return s;
}

/* Gives the source a title that is unique in the register: the base, or
 * the base with a suffix a tracker would use for a follow-up report. */
static void source_title(struct world *w, struct source *s, const char *base)
{
    char buf[400];

    for (int n = 1;; n++) {
        if (n == 1)
            snprintf(buf, sizeof(buf), "%s", base);
        else if (n == 2)
            snprintf(buf, sizeof(buf), "%s: revisit", base);
        else
            snprintf(buf, sizeof(buf), "%s: progress report %d", base, n - 2);
        if (strset_add(&w->titles, buf))
            break;
    }
    s->title = xstrdup(buf);
}

/* A ref stem unique among the force's (or the shared) sources: the base,
 * then the base with B, C, ... as trackers number a second report. */
static void source_code(struct world *w, struct source *s, int force, const char *base)
{
    char key[80], buf[64];

    for (int n = 0;; n++) {
        if (n == 0)
            snprintf(buf, sizeof(buf), "%s", base);
        else
            snprintf(buf, sizeof(buf), "%s%c", base, 'A' + n);
        /* a force's own codes must not meet the shared ones either */
        snprintf(key, sizeof(key), "code:-1:%s", buf);
        if (force >= 0 && strset_has(&w->refs, key))
            continue;
        snprintf(key, sizeof(key), "code:%d:%s", force, buf);
        if (strset_add(&w->refs, key))
            break;
    }
    s->code = xstrdup(buf);
}

static int32_t random_published(struct rng *r)
{
    return working_day(D_START + (int32_t)rng_below(r, (uint32_t)(D_SRC_END - D_START + 1)));
}

/* A published date within the given year, clamped to the register's span. */
static int32_t published_in(struct rng *r, int year)
{
    int32_t lo = days_from_civil(year, 1, 6), hi = days_from_civil(year, 12, 15);

    if (lo < D_START)
        lo = D_START;
    if (hi > D_SRC_END)
        hi = D_SRC_END;
    return working_day(lo + (int32_t)rng_below(r, (uint32_t)(hi - lo + 1)));
}

/* ---- per-force plans: how many actions each source gives the force ----- */

struct slot {
    int src;
    int n, min, max;
    uint32_t mask; /* shared sources: which recommendations apply */
    int ncoc;      /* PEEL and custody: causes of concern (fixed) */
    int cocrecs[3];
};

struct slots {
    struct slot *v;
    int n, cap;
};

static struct slot *slot_add(struct slots *ss, int src)
{
    if (ss->n == ss->cap) {
        ss->cap = ss->cap ? 2 * ss->cap : 64;
        ss->v = xrealloc(ss->v, (size_t)ss->cap * sizeof(*ss->v));
    }
    struct slot *sl = &ss->v[ss->n++];
    memset(sl, 0, sizeof(*sl));
    sl->src = src;
    sl->max = 60;
    return sl;
}

static int popcount32(uint32_t x)
{
    int n = 0;

    for (; x; x &= x - 1)
        n++;
    return n;
}

static int slot_fixed(const struct slot *sl)
{
    int n = sl->ncoc;

    for (int i = 0; i < sl->ncoc; i++)
        n += sl->cocrecs[i];
    return n;
}

/* Adds or removes one action from a random slot that can take it. */
static int slots_nudge(struct rng *r, struct slots *ss, int dir)
{
    int tries = 0;

    while (tries++ < 64 * ss->n + 64) {
        struct slot *sl = &ss->v[rng_below(r, (uint32_t)ss->n)];
        int vary = dir > 0 ? sl->n < sl->max : sl->n > sl->min;

        if (!vary)
            continue;
        sl->n += dir; /* shared slots get their mask fitted afterwards */
        return 1;
    }
    /* Fall back to a linear scan so the count always lands exactly. */
    for (int i = 0; i < ss->n; i++) {
        struct slot *sl = &ss->v[i];
        if (dir > 0 ? sl->n < sl->max : sl->n > sl->min) {
            sl->n += dir;
            return 1;
        }
    }
    return 0;
}

/* Makes a shared slot's mask agree with its count, at random. */
static void slot_fit_mask(struct rng *r, struct slot *sl)
{
    while (popcount32(sl->mask) > sl->n) {
        int b = (int)rng_below(r, (uint32_t)sl->max);
        sl->mask &= ~(1u << b);
    }
    while (popcount32(sl->mask) < sl->n) {
        int b = (int)rng_below(r, (uint32_t)sl->max);
        sl->mask |= 1u << b;
    }
}

/* ---- text -------------------------------------------------------------- */

static const struct directorate *pick_directorate(struct rng *r, int prefer)
{
    if (prefer >= 0 && rng_pm(r, 500))
        return &DIRECTORATES[prefer];
    int total = 0;
    for (size_t i = 0; i < ARRAY_LEN(DIRECTORATES); i++)
        total += DIRECTORATES[i].weight;
    int x = (int)rng_below(r, (uint32_t)total);
    for (size_t i = 0; i < ARRAY_LEN(DIRECTORATES); i++) {
        if (x < DIRECTORATES[i].weight)
            return &DIRECTORATES[i];
        x -= DIRECTORATES[i].weight;
    }
    return &DIRECTORATES[0];
}

/* A recommendation's or AFI's wording; `by` is a month and year or NULL. */
static char *text_inspection(struct rng *r, const struct theme *t, const char *kind,
                             int32_t published)
{
    char buf[512], by[32];
    const char *obj = PICK(r, t->objects), *out = PICK(r, OUTCOMES);
    int y, m, d;

    civil_from_days(published + rng_range(r, 90, 540), &y, &m, &d);
    snprintf(by, sizeof(by), "%s %d", MONTHS[m - 1], y);
    if (strcmp(kind, "afi") == 0) {
        switch (rng_below(r, 3)) {
        case 0: snprintf(buf, sizeof(buf), "The force should improve %s.", obj); break;
        case 1:
            snprintf(buf, sizeof(buf), "The force should make sure that %s is effective, so that %s.",
                     obj, out);
            break;
        default:
            snprintf(buf, sizeof(buf), "The force should review %s and make sure %s.", obj, out);
        }
    } else if (strcmp(kind, "cause_of_concern") == 0) {
        snprintf(buf, sizeof(buf),
                 "The force's approach to %s is not good enough: it does not make sure that %s.",
                 obj, out);
    } else {
        switch (rng_below(r, 4)) {
        case 0:
            snprintf(buf, sizeof(buf), "By %s, chief constables should review %s, so that %s.", by,
                     obj, out);
            break;
        case 1:
            snprintf(buf, sizeof(buf),
                     "Chief constables should work with the College of Policing, the NPCC lead and "
                     "the Home Office to improve %s.",
                     obj);
            break;
        case 2:
            snprintf(buf, sizeof(buf),
                     "By %s, the force should make sure that %s is \"fit for purpose\" and that "
                     "supervisors check it regularly.",
                     by, obj);
            break;
        default:
            snprintf(buf, sizeof(buf), "The force should immediately improve %s, so that %s.", obj,
                     out);
        }
    }
    return xstrdup(buf);
}

/* ---- building sources and actions -------------------------------------- */

static const char *const PEEL_TITLES[] = {
    "PEEL 2014", "PEEL 2015", "PEEL 2016", "PEEL 2017", "PEEL 2018/19", "PEEL 2021/22",
    ("PEEL 2023\xe2\x80\x93" "25"), /* the hex escape must end before "25" */
};
static const int PEEL_YEARS[] = {2014, 2015, 2016, 2017, 2019, 2022, 2024};
static const char *const PEEL_CODES[] = {"PEEL14", "PEEL15", "PEEL16", "PEEL17",
                                         "PEEL19", "PEEL22", "PEEL24"};

/* The shared sources: national thematics and regional inspections. */
static void build_shared(struct world *w, int per_force)
{
    char base[400], code[32];
    int nnat = per_force * 35 / 100 / 5;
    /* about two a year somewhere in the country, or one a year in the
     * region of a register that holds one force */
    int nreg = w->nforces == 1 ? 11 : 11 * 2;

    if (nnat < 3)
        nnat = 3;
    for (int i = 0; i < nnat; i++) {
        struct source *s = source_new(w);
        int ti = (int)rng_below(&w->g, (uint32_t)ARRAY_LEN(THEMES));
        const struct theme *t = &THEMES[ti];

        s->fam = FAM_NATIONAL;
        s->theme = ti;
        s->published = random_published(&w->g);
        s->scope = "national";
        s->body = t->body;
        s->kind = t->kind;
        s->marking = ti == THEME_CT ? "restricted" : "public";
        s->nrec = rng_range(&w->g, 2, 10);
        snprintf(base, sizeof(base), "%s (%d)", t->title, year_of(s->published));
        source_title(w, s, base);
        snprintf(code, sizeof(code), "%s%02d", t->stem, year_of(s->published) % 100);
        source_code(w, s, -1, code);
    }
    for (int i = 0; i < nreg; i++) {
        struct source *s = source_new(w);
        int region = w->nforces == 1 ? w->forces[0]->region
                                     : (int)rng_below(&w->g, (uint32_t)ARRAY_LEN(REGIONS));

        s->fam = FAM_REGIONAL;
        s->region = region;
        s->theme = 8; /* serious and organised crime */
        s->published = random_published(&w->g);
        s->scope = "regional";
        s->body = "HMICFRS";
        s->kind = "inspection";
        s->nrec = rng_range(&w->g, 1, 6);
        snprintf(base, sizeof(base), "Regional organised crime unit inspection: %s (%d)",
                 REGIONS[region], year_of(s->published));
        source_title(w, s, base);
        snprintf(code, sizeof(code), "ROCU%02d", year_of(s->published) % 100);
        source_code(w, s, -1, code);
    }
}

static int shared_applies(const struct source *s, const struct force *f)
{
    return s->fam == FAM_NATIONAL || (s->fam == FAM_REGIONAL && s->region == f->region);
}

/* A local source of the given family for force fi. */
static struct source *local_source(struct world *w, int fi, enum family fam, int year,
                                   int index)
{
    const struct force *f = w->forces[fi];
    struct source *s = source_new(w);
    char base[400], code[32];
    int yy;

    s->fam = fam;
    s->force = fi;
    s->published = published_in(&w->g, year);
    yy = year_of(s->published) % 100;
    switch (fam) {
    case FAM_PEEL:
        s->body = "HMICFRS";
        s->kind = "inspection";
        snprintf(base, sizeof(base), "%s: an inspection of %s", PEEL_TITLES[index], f->name);
        snprintf(code, sizeof(code), "%s", PEEL_CODES[index]);
        break;
    case FAM_CUSTODY:
        s->body = "HMI Prisons";
        s->kind = "joint_inspection";
        s->theme = THEME_CUSTODY;
        snprintf(base, sizeof(base),
                 "Report on an unannounced inspection visit to police custody suites in %s (%d)",
                 f->name, year_of(s->published));
        snprintf(code, sizeof(code), "CUST%02d", yy);
        break;
    case FAM_CHILD:
        s->body = "HMICFRS";
        s->kind = "inspection";
        s->theme = THEME_CHILD;
        snprintf(base, sizeof(base), "National child protection inspection: %s (%d)", f->name,
                 year_of(s->published));
        snprintf(code, sizeof(code), "NCPI%02d", yy);
        break;
    case FAM_CDI:
        s->body = "HMICFRS";
        s->kind = "inspection";
        s->theme = THEME_CDI;
        snprintf(base, sizeof(base), "Crime data integrity inspection: %s (%d)", f->name,
                 year_of(s->published));
        snprintf(code, sizeof(code), "CDI%02d", yy);
        break;
    case FAM_AUDIT: {
        static const char *const levels[] = {"substantial", "reasonable", "reasonable",
                                             "reasonable", "limited", "limited", "limited", "no"};
        int y, m, d, fy;
        civil_from_days(s->published, &y, &m, &d);
        fy = m >= 4 ? y : y - 1;
        s->body = "Internal Audit";
        s->kind = "audit";
        s->assurance = PICK(&w->g, levels);
        snprintf(base, sizeof(base), "Internal Audit: %s %d/%02d \xe2\x80\x93 %s",
                 PICK(&w->g, AUDIT_TOPICS), fy, (fy + 1) % 100, f->name);
        snprintf(code, sizeof(code), "IA%02d-%02d", yy, index);
        break;
    }
    case FAM_REVIEW:
        s->body = f->name;
        s->kind = "review";
        s->theme = (int)rng_below(&w->g, (uint32_t)ARRAY_LEN(THEMES));
        snprintf(base, sizeof(base), "%s \xe2\x80\x93 %s (%d)", PICK(&w->g, REVIEWS), f->name,
                 year_of(s->published));
        snprintf(code, sizeof(code), "REV%02d-%02d", yy, index);
        break;
    case FAM_MEETING:
        s->body = f->committee;
        s->kind = "meeting";
        s->published = working_day(days_from_civil(year, 1, 6));
        if (s->published < D_START)
            s->published = D_START;
        snprintf(base, sizeof(base), "Outstanding references \xe2\x80\x93 %s, %s %d", f->committee,
                 f->name, year);
        snprintf(code, sizeof(code), "OR%d", year);
        break;
    case FAM_PLAN: {
        const struct plan *p = &PLANS[rng_below(&w->g, (uint32_t)ARRAY_LEN(PLANS))];
        int y = year_of(s->published);
        s->body = f->name;
        s->kind = "plan";
        snprintf(base, sizeof(base), "%s %d\xe2\x80\x93%02d \xe2\x80\x93 %s", p->title, y,
                 (y + 3) % 100, f->name);
        snprintf(code, sizeof(code), "%s%02d", p->stem, yy);
        break;
    }
    default:
        break;
    }
    if (rng_pm(&w->g, 30) && fam != FAM_MEETING)
        s->marking = "restricted";
    source_title(w, s, base);
    source_code(w, s, fi, code);
    return s; /* valid until the next source_new() */
}

/* Plans the force's sources and how many actions each gives it, so that the
 * force ends with exactly `target` actions. */
static void plan_force(struct world *w, int fi, int target, struct slots *ss)
{
    const struct force *f = w->forces[fi];
    int shared_end = w->nsrc; /* shared sources come first; count them below */
    int sum = 0;

    ss->n = 0;
    for (int i = 0; i < shared_end; i++) {
        struct source *s = &w->src[i];
        if (s->force >= 0 || !shared_applies(s, f))
            continue;
        struct slot *sl = slot_add(ss, i);
        sl->max = s->nrec;
        for (int b = 0; b < s->nrec; b++)
            if (rng_pm(&w->g, 850))
                sl->mask |= 1u << b;
        sl->n = popcount32(sl->mask);
        sum += sl->n;
    }
    /* PEEL cycles; some causes of concern, each with its recommendations. */
    for (int k = 0; k < (int)ARRAY_LEN(PEEL_YEARS); k++) {
        struct source *s = local_source(w, fi, FAM_PEEL, PEEL_YEARS[k], k);
        struct slot *sl = slot_add(ss, (int)(s - w->src));
        sl->ncoc = rng_pm(&w->g, 300) ? rng_range(&w->g, 1, 2) : 0;
        for (int c = 0; c < sl->ncoc; c++)
            sl->cocrecs[c] = rng_range(&w->g, 1, 3);
        sl->n = rng_range(&w->g, 3, 12);
        sl->min = 1;
        sum += sl->n + slot_fixed(sl);
    }
    /* Committee outstanding references, one log a year. */
    for (int y = 2014; y <= 2024; y++) {
        struct source *s = local_source(w, fi, FAM_MEETING, y, 0);
        struct slot *sl = slot_add(ss, (int)(s - w->src));
        sl->n = rng_range(&w->g, 1, 5);
        sl->min = 1;
        sl->max = 99;
        sum += sl->n;
    }
    /* Force inspections: custody, child protection, crime data integrity. */
    {
        static const enum family fams[] = {FAM_CUSTODY, FAM_CUSTODY, FAM_CHILD, FAM_CDI, FAM_CDI};
        for (size_t k = 0; k < ARRAY_LEN(fams); k++) {
            struct source *s =
                local_source(w, fi, fams[k], 2014 + (int)(k * 2) + rng_range(&w->g, 0, 1), 0);
            struct slot *sl = slot_add(ss, (int)(s - w->src));
            if (fams[k] == FAM_CUSTODY && rng_pm(&w->g, 200)) {
                sl->ncoc = 1;
                sl->cocrecs[0] = rng_range(&w->g, 1, 2);
            }
            sl->n = rng_range(&w->g, 2, 12);
            sum += sl->n + slot_fixed(sl);
        }
    }
    /* Audits, reviews and plans make up the rest, about 7 actions each. */
    int rest = target - sum, nlocal = rest > 0 ? (rest + 6) / 7 : 1;
    int idx[11][FAM_PLAN - FAM_AUDIT + 1] = {{0}};
    if (nlocal < 3)
        nlocal = 3; /* every register has an audit, a review and a plan */
    for (int k = 0; k < nlocal; k++) {
        int x = (int)rng_below(&w->g, 10), year = rng_range(&w->g, 2014, 2024);
        enum family fam = x < 6 ? FAM_AUDIT : x < 9 ? FAM_REVIEW : FAM_PLAN;
        if (k < 3)
            fam = k == 0 ? FAM_AUDIT : k == 1 ? FAM_REVIEW : FAM_PLAN;
        int *counter = &idx[year - 2014][fam - FAM_AUDIT];
        struct source *s = local_source(w, fi, fam, year, ++*counter);
        struct slot *sl = slot_add(ss, (int)(s - w->src));
        sl->n = fam == FAM_PLAN ? rng_range(&w->g, 5, 16) : rng_range(&w->g, 2, 10);
        sl->min = 1;
        sum += sl->n;
    }
    /* "No actions for the force": an inspection that asks nothing of it. */
    {
        struct source *s = local_source(w, fi, FAM_REVIEW, rng_range(&w->g, 2014, 2024), 99);
        struct slot *sl = slot_add(ss, (int)(s - w->src));
        sl->n = sl->min = sl->max = 0;
    }
    while (sum < target && slots_nudge(&w->g, ss, +1))
        sum++;
    while (sum > target && slots_nudge(&w->g, ss, -1))
        sum--;
    if (sum != target) {
        fprintf(stderr, "oversight-gen: cannot fit %d actions to %s\n", target, f->name);
        exit(1);
    }
    for (int i = 0; i < ss->n; i++)
        if (w->src[ss->v[i].src].force < 0)
            slot_fit_mask(&w->g, &ss->v[i]);
}

static struct action *action_new(struct world *w)
{
    if (w->nact == w->capact) {
        w->capact = w->capact ? 2 * w->capact : 1024;
        w->act = xrealloc(w->act, (size_t)w->capact * sizeof(*w->act));
    }
    struct action *a = &w->act[w->nact++];
    memset(a, 0, sizeof(*a));
    return a;
}

/* The fields every action gets, whatever its source. */
static void action_fill(struct world *w, struct action *a, const struct source *s, int fi,
                        const char *local_ref)
{
    struct rng *r = &w->g;
    int prefer = s->fam == FAM_AUDIT ? DIR_CORPORATE : s->fam == FAM_MEETING ? DIR_AUTHORITY : -1;
    const struct directorate *dir = pick_directorate(r, prefer);
    char key[96];

    if (w->multi)
        snprintf(a->ref, sizeof(a->ref), "%s/%s", w->forces[fi]->code, local_ref);
    else
        snprintf(a->ref, sizeof(a->ref), "%s", local_ref);
    snprintf(key, sizeof(key), "ref:%s", a->ref);
    if (!strset_add(&w->refs, key)) {
        fprintf(stderr, "oversight-gen: internal error: duplicate ref %s\n", a->ref);
        exit(1);
    }
    a->src = (int)(s - w->src);
    a->force = fi;
    a->directorate = dir->name;
    a->owner = dir->owners[rng_below(r, 5)];
    a->theme = s->theme >= 0 ? THEMES[s->theme].name : PICK(r, THEMES).name;
    a->risk = "";
    a->scope = "";
    a->marking = rng_pm(r, 30) ? "restricted" : rng_pm(r, 200) ? "public" : "";
    a->issued = s->published;
    if (s->fam == FAM_MEETING) {
        /* references are raised at meetings through the year */
        a->issued = working_day(s->published + rng_range(r, 0, 330));
        if (a->issued > D_SRC_END)
            a->issued = D_SRC_END;
        a->issued_set = 1;
    } else if (rng_pm(r, 250)) {
        a->issued = working_day(s->published + rng_range(r, 0, 21));
        a->issued_set = 1;
    }
    int x = (int)rng_below(r, 100);
    if (x < 65) {
        fmt_date(a->due, sizeof(a->due), end_of_month(a->issued + rng_range(r, 60, 540)), 0);
    } else if (x < 77) {
        static const char *const labels[] = {"Ongoing", "TBC", "Ongoing", "TBC", "End"};
        const char *l = PICK(r, labels);
        if (strcmp(l, "End") == 0)
            snprintf(a->due, sizeof(a->due), "End %d", year_of(a->issued) + 1);
        else
            snprintf(a->due, sizeof(a->due), "%s", l);
    }
}

/* Creates the force's actions from its plan. */
static void emit_force(struct world *w, int fi, const struct slots *ss)
{
    char ref[48];
    int seq = 0;

    for (int i = 0; i < ss->n; i++) {
        const struct slot *sl = &ss->v[i];
        const struct source *s = &w->src[sl->src];

        if (s->force < 0) {
            /* The same recommendation has the same words in every force. */
            for (int b = 0; b < s->nrec; b++) {
                if (!(sl->mask & (1u << b)))
                    continue;
                struct rng tr = {fnv1a(s->title) ^ (uint64_t)(b + 1) * 0x9e3779b97f4a7c15ULL};
                struct action *a = action_new(w);
                snprintf(ref, sizeof(ref), "%s-R%d", s->code, b + 1);
                action_fill(w, a, s, fi, ref);
                a->seq = seq++;
                a->kind = "recommendation";
                a->text = text_inspection(&tr, &THEMES[s->theme], a->kind, s->published);
            }
            continue;
        }
        /* causes of concern first, each followed by its recommendations */
        for (int c = 0; c < sl->ncoc; c++) {
            int th = s->theme >= 0 ? s->theme : (int)rng_below(&w->g, (uint32_t)ARRAY_LEN(THEMES));
            struct action *a = action_new(w);
            snprintf(ref, sizeof(ref), "%s-CoC-%d", s->code, c + 1);
            action_fill(w, a, s, fi, ref);
            a->seq = seq++;
            a->kind = "cause_of_concern";
            a->theme = THEMES[th].name;
            a->text = text_inspection(&w->g, &THEMES[th], a->kind, s->published);
            for (int k = 0; k < sl->cocrecs[c]; k++) {
                a = action_new(w);
                snprintf(ref, sizeof(ref), "%s-CoC%d-R%d", s->code, c + 1, k + 1);
                action_fill(w, a, s, fi, ref);
                a->seq = seq++;
                a->kind = "recommendation";
                a->theme = THEMES[th].name;
                a->text = text_inspection(&w->g, &THEMES[th], a->kind, s->published);
            }
        }
        for (int k = 0; k < sl->n; k++) {
            char buf[512];
            struct action *a = action_new(w);
            int th = s->theme >= 0 ? s->theme : (int)rng_below(&w->g, (uint32_t)ARRAY_LEN(THEMES));

            switch (s->fam) {
            case FAM_PEEL:
                snprintf(ref, sizeof(ref), "%s-AFI-%d", s->code, k + 1);
                action_fill(w, a, s, fi, ref);
                a->kind = "afi";
                a->theme = THEMES[th].name;
                a->text = text_inspection(&w->g, &THEMES[th], a->kind, s->published);
                if (rng_pm(&w->g, 20))
                    a->scope = "regional";
                break;
            case FAM_CUSTODY:
            case FAM_CDI:
            case FAM_CHILD:
                if (rng_pm(&w->g, 400)) {
                    snprintf(ref, sizeof(ref), "%s-AFI-%d", s->code, k + 1);
                    action_fill(w, a, s, fi, ref);
                    a->kind = "afi";
                } else {
                    snprintf(ref, sizeof(ref), "%s-R%d", s->code, k + 1);
                    action_fill(w, a, s, fi, ref);
                    a->kind = "recommendation";
                }
                a->text = text_inspection(&w->g, &THEMES[th], a->kind, s->published);
                break;
            case FAM_AUDIT: {
                static const char *const risks[] = {"high", "medium", "medium", "low", "low"};
                snprintf(ref, sizeof(ref), "%s-%d", s->code, k + 1);
                action_fill(w, a, s, fi, ref);
                a->kind = "audit_action";
                a->risk = PICK(&w->g, risks);
                a->theme = "Governance";
                snprintf(buf, sizeof(buf), "Management should ensure that %s.",
                         PICK(&w->g, AUDIT_CONTROLS));
                a->text = xstrdup(buf);
                break;
            }
            case FAM_REVIEW:
                snprintf(ref, sizeof(ref), "%s-%d", s->code, k + 1);
                action_fill(w, a, s, fi, ref);
                a->kind = "recommendation";
                a->text = text_inspection(&w->g, &THEMES[th], a->kind, s->published);
                break;
            case FAM_MEETING: {
                static const char *const meetings[] = {"Policing Plan Performance",
                                                       "Quarterly HMICFRS Inspections Update",
                                                       "Deep Dive", "Stop and Search update",
                                                       "Victim Strategy"};
                int y, m, d;
                snprintf(ref, sizeof(ref), "%d/%d/P", k + 1, year_of(s->published));
                action_fill(w, a, s, fi, ref);
                civil_from_days(a->issued, &y, &m, &d);
                a->kind = "reference";
                /* one draw per statement: argument order is unspecified */
                int item = rng_range(&w->g, 3, 14);
                const char *meeting = PICK(&w->g, meetings);
                const char *obj = PICK(&w->g, THEMES[th].objects);
                snprintf(buf, sizeof(buf),
                         "%d %s Item %d- %s: %s undertook to report back on %s, with a view to "
                         "the next meeting",
                         d, MONTHS[m - 1], item, meeting, a->owner, obj);
                a->text = xstrdup(buf);
                break;
            }
            case FAM_PLAN: {
                snprintf(ref, sizeof(ref), "%s-%d.%d", s->code, k / 6 + 1, k % 6 + 1);
                action_fill(w, a, s, fi, ref);
                a->kind = "deliverable";
                const char *verb = PICK(&w->g, PLAN_VERBS);
                const char *obj = PICK(&w->g, THEMES[th].objects);
                const char *out = PICK(&w->g, OUTCOMES);
                snprintf(buf, sizeof(buf), "We will %s %s, so that %s.", verb, obj, out);
                a->text = xstrdup(buf);
                break;
            }
            default:
                break;
            }
            a->seq = seq++;
        }
    }
}

/* ---- updates ----------------------------------------------------------- */

/* The note of an update, written into buf (which may be left empty). */
static void note_text(char *buf, size_t n, const struct update *u, const struct world *w)
{
    struct rng r = {u->seed};
    const struct action *a = &w->act[u->action];
    const char *board = PICK(&r, BOARDS);
    int pct = rng_range(&r, 40, 99), cnt = rng_range(&r, 5, 120);

    buf[0] = '\0';
    if (u->status != ST_CLOSED && rng_pm(&r, 80))
        return;
    switch (u->status) {
    case ST_WHITE: {
        static const char *const t[] = {
            "Awaiting national guidance from the NPCC lead.",
            "Not started: dependent on the College of Policing's revised APP.",
            "Owner assigned; scoping to begin next quarter.",
            "Waiting on the Home Office, no date given.",
        };
        snprintf(buf, n, "%s", PICK(&r, t));
        break;
    }
    case ST_AMBER:
        if (rng_pm(&r, 10)) {
            snprintf(buf, n, "Update from %s:\nNiche workflow amended, tested and live; \"go-live\" "
                             "briefing to follow.", a->owner);
            break;
        }
        switch (rng_below(&r, 6)) {
        case 0: snprintf(buf, n, "Action plan agreed at %s; lead assigned to %s.", board, a->owner); break;
        case 1:
            snprintf(buf, n, "Training delivered to %d%% of frontline officers, \"mop-up\" sessions planned.",
                     pct);
            break;
        case 2: snprintf(buf, n, "Policy drafted, out for consultation with staff associations."); break;
        case 3: snprintf(buf, n, "Working group established, terms of reference agreed."); break;
        case 4: snprintf(buf, n, "Progress reviewed at %s, on track for the target date.", board); break;
        default: snprintf(buf, n, "Dip sample of %d cases completed; findings being addressed.", cnt);
        }
        break;
    case ST_RED: {
        static const char *const why[] = {
            "the Niche upgrade", "a national IT dependency", "abstraction to Operation Bridges",
            "recruitment to the post", "the budget for 2024/25",
        };
        switch (rng_below(&r, 3)) {
        case 0: snprintf(buf, n, "Target date missed, delayed by %s.", PICK(&r, why)); break;
        case 1: snprintf(buf, n, "Off track; recovery plan requested by %s.", board); break;
        default: snprintf(buf, n, "Delayed by %s, revised date to be agreed (\"TBC\").", PICK(&r, why));
        }
        break;
    }
    case ST_GREEN:
        switch (rng_below(&r, 3)) {
        case 0: snprintf(buf, n, "Evidence pack submitted to %s for sign-off.", board); break;
        case 1:
            snprintf(buf, n, "Complete: new procedure published on the intranet, 'Know your role' "
                             "briefing delivered.");
            break;
        default:
            snprintf(buf, n, "Delivered; audit of %d records shows compliance at %d%%.", cnt, pct);
        }
        break;
    case ST_CLOSED:
        switch (u->reason) {
        case R_COMPLETED:
            snprintf(buf, n, "Signed off by %s: evidence accepted.", board);
            break;
        case R_SUPERSEDED: {
            /* a later action of the same source, or a national successor */
            snprintf(buf, n, "Superseded by the recommendations of %s.",
                     w->src[a->src].fam == FAM_PEEL ? "the next PEEL inspection"
                                                    : "the revisit, \"tracked separately\"");
            break;
        }
        case R_WRITTEN_OFF:
            snprintf(buf, n, "Written off by %s: no longer proportionate, risk accepted.", board);
            break;
        case R_NOT_APPLICABLE:
            snprintf(buf, n, "Not applicable to the force; confirmed with the HMICFRS Force Liaison Lead.");
            break;
        default:
            snprintf(buf, n, "Closed by the inspectorate following the revisit.");
        }
        break;
    }
}

/* Who made the update: the owner or a named officer for progress, a board
 * for a closure (never the person who set it green). */
static const char *update_by(const struct update *u, const struct world *w)
{
    struct rng r = {u->seed ^ 0x5bd1e995u};
    const struct action *a = &w->act[u->action];

    if (u->status == ST_CLOSED)
        return BOARDS[rng_below(&r, (uint32_t)ARRAY_LEN(BOARDS))];
    if (rng_pm(&r, 700))
        return a->owner;
    return PEOPLE[rng_below(&r, (uint32_t)ARRAY_LEN(PEOPLE))];
}

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

static int cmp_update(const void *x, const void *y)
{
    const struct update *a = x, *b = y;

    if (a->date != b->date)
        return (a->date > b->date) - (a->date < b->date);
    if (a->action != b->action)
        return (a->action > b->action) - (a->action < b->action);
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Generates the history of one action: k updates from its issue on. */
static void history(struct world *w, int ai, int k, struct update *out)
{
    struct rng *r = &w->g;
    const struct action *a = &w->act[ai];
    int32_t lo = a->issued, hi = D_END, dates[256];
    int age = hi - lo;
    int closing, reason = R_NONE, free_n;

    for (int i = 0; i < k; i++)
        dates[i] = lo + (int32_t)rng_below(r, (uint32_t)(hi - lo + 1));
    qsort(dates, (size_t)k, sizeof(dates[0]), cmp_i32);
    for (int i = 0; i < k; i++) {
        if (i > 0 && rng_pm(r, 100))
            dates[i] = dates[i - 1]; /* several on one date */
        else if (dates[i] < hi - 2)
            dates[i] = working_day(dates[i]);
        if (i > 0 && dates[i] < dates[i - 1])
            dates[i] = dates[i - 1];
    }

    /* Older actions are mostly closed; recent ones mostly open. */
    closing = k > 0 && rng_pm(r, age >= 4 * 365 ? 900 : age * 900 / (4 * 365));
    if (closing) {
        int x = (int)rng_below(r, 100);
        reason = x < 80 ? R_COMPLETED : x < 87 ? R_SUPERSEDED : x < 92 ? R_WRITTEN_OFF
                 : x < 96 ? R_NOT_APPLICABLE : R_CLOSED_BY_ISSUER;
        if (reason == R_COMPLETED && k < 2)
            reason = R_NOT_APPLICABLE;
    }
    free_n = k - (closing ? (reason == R_COMPLETED ? 2 : 1) : 0);

    int st = rng_pm(r, 250) ? ST_WHITE : ST_AMBER;
    for (int i = 0; i < k; i++) {
        struct update *u = &out[i];
        memset(u, 0, sizeof(*u));
        u->date = dates[i];
        u->action = ai;
        u->seq = i;
        u->seed = rng_next(r);
        u->uk_date = (unsigned char)rng_pm(r, 40);
        u->word = (unsigned char)(rng_pm(r, 880) ? 0 : rng_range(r, 1, 4));
        if (i < free_n) {
            if (i > 0) {
                int x = (int)rng_below(r, 100);
                switch (st) {
                case ST_WHITE: st = x < 60 ? ST_AMBER : ST_WHITE; break;
                case ST_AMBER: st = x < 60 ? ST_AMBER : x < 82 ? ST_RED : ST_GREEN; break;
                case ST_RED: st = x < 50 ? ST_AMBER : x < 90 ? ST_RED : ST_GREEN; break;
                default: st = x < 60 ? ST_GREEN : ST_AMBER; break; /* sign-off refused */
                }
            }
            u->status = (unsigned char)st;
        } else if (i == k - 1) {
            u->status = ST_CLOSED;
            u->reason = (unsigned char)reason;
        } else {
            u->status = ST_GREEN; /* the green a `completed` closure follows */
        }
    }
}

static void write_updates(struct world *w, const char *dir, long nupd)
{
    struct rng *r = &w->g;
    int64_t *cum = xcalloc((size_t)w->nact, sizeof(*cum));
    int64_t total = 0;
    struct update *u;
    long at = 0;

    /* Each action's share grows with the time it has been open; a few are
     * never updated at all (white by default). */
    for (int i = 0; i < w->nact; i++) {
        int wgt = rng_pm(r, 30) ? 0 : (int)(D_END - w->act[i].issued) + 30;
        total += wgt;
        cum[i] = total;
    }
    for (long k = 0; k < nupd; k++) {
        uint64_t x = rng_next(r) % (uint64_t)total;
        int lo = 0, hi = w->nact - 1;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if ((uint64_t)cum[mid] > x)
                hi = mid;
            else
                lo = mid + 1;
        }
        if (w->act[lo].nupd >= 256) {
            k--; /* full; draw again */
            continue;
        }
        w->act[lo].nupd++;
    }
    free(cum);

    u = xcalloc((size_t)nupd, sizeof(*u));
    for (int i = 0; i < w->nact; i++) {
        history(w, i, w->act[i].nupd, u + at);
        at += w->act[i].nupd;
    }
    qsort(u, (size_t)nupd, sizeof(*u), cmp_update);

    char *path;
    FILE *f = out_open(dir, "updates.csv", &path);
    static const char *const head[] = {"ref", "date", "status", "note", "by", "reason"};
    csv_row(f, head, 6);
    for (long i = 0; i < nupd; i++) {
        char date[16], note[512];
        const char *row[6];
        fmt_date(date, sizeof(date), u[i].date, u[i].uk_date);
        note_text(note, sizeof(note), &u[i], w);
        row[0] = w->act[u[i].action].ref;
        row[1] = date;
        row[2] = STATUS_WORDS[u[i].status][u[i].word];
        row[3] = note;
        row[4] = update_by(&u[i], w);
        row[5] = REASON_NAMES[u[i].reason];
        csv_row(f, row, 6);
    }
    out_close(f, path);
    free(u);
}

/* ---- the files --------------------------------------------------------- */

static int cmp_source_order(const void *x, const void *y, const struct world *w)
{
    const struct source *a = &w->src[*(const int *)x], *b = &w->src[*(const int *)y];

    if (a->published != b->published)
        return (a->published > b->published) - (a->published < b->published);
    return strcmp(a->title, b->title);
}

static const struct world *g_sort_world; /* qsort has no context argument in C17 */

static int cmp_source_idx(const void *x, const void *y)
{
    return cmp_source_order(x, y, g_sort_world);
}

static int cmp_action(const void *x, const void *y)
{
    const struct action *a = x, *b = y;
    int oa = g_sort_world->src[a->src].order, ob = g_sort_world->src[b->src].order;

    if (oa != ob)
        return (oa > ob) - (oa < ob);
    if (a->force != b->force)
        return (a->force > b->force) - (a->force < b->force);
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static void write_sources(struct world *w, const char *dir)
{
    int *idx = xcalloc((size_t)w->nsrc, sizeof(*idx));
    char *path;
    FILE *f = out_open(dir, "sources.csv", &path);
    static const char *const head[] = {"title", "body", "scope", "source_kind",
                                       "published", "assurance", "marking"};

    for (int i = 0; i < w->nsrc; i++)
        idx[i] = i;
    g_sort_world = w;
    qsort(idx, (size_t)w->nsrc, sizeof(*idx), cmp_source_idx);
    csv_row(f, head, 7);
    for (int i = 0; i < w->nsrc; i++) {
        struct source *s = &w->src[idx[i]];
        char date[16];
        const char *row[7];

        s->order = i;
        fmt_date(date, sizeof(date), s->published, 0);
        row[0] = s->title;
        row[1] = s->body;
        row[2] = s->scope;
        row[3] = s->kind;
        row[4] = date;
        row[5] = s->assurance;
        row[6] = s->marking;
        csv_row(f, row, 7);
    }
    out_close(f, path);
    free(idx);
}

static void write_actions(struct world *w, const char *dir)
{
    char *path;
    FILE *f = out_open(dir, "actions.csv", &path);
    static const char *const head[] = {"ref",  "source", "text",  "kind",  "owner", "directorate",
                                       "theme", "risk",  "scope", "marking", "issued", "due"};

    g_sort_world = w;
    qsort(w->act, (size_t)w->nact, sizeof(*w->act), cmp_action);
    csv_row(f, head, 12);
    for (int i = 0; i < w->nact; i++) {
        const struct action *a = &w->act[i];
        char issued[16] = "";
        const char *row[12];

        if (a->issued_set)
            fmt_date(issued, sizeof(issued), a->issued, 0);
        row[0] = a->ref;
        row[1] = w->src[a->src].title;
        row[2] = a->text;
        row[3] = a->kind;
        row[4] = a->owner;
        row[5] = a->directorate;
        row[6] = a->theme;
        row[7] = a->risk;
        row[8] = a->scope;
        row[9] = a->marking;
        row[10] = issued;
        row[11] = a->due;
        csv_row(f, row, 12);
    }
    out_close(f, path);
}

/* Quarter ends, the last 40 of them up to the end of 2024. */
static void write_points(const char *dir)
{
    static const int md[4][2] = {{3, 31}, {6, 30}, {9, 30}, {12, 31}};
    char *path;
    FILE *f = out_open(dir, "points.txt", &path);

    for (int q = 0; q < 40; q++) {
        int y = 2015 + q / 4;
        fprintf(f, "%04d-%02d-%02d\n", y, md[q % 4][0], md[q % 4][1]);
    }
    out_close(f, path);
}

/* mkdir -p: returns 0, or -1 with errno set. */
static int mkdir_p(const char *dir)
{
    char *p = xstrdup(dir);
    int rc = 0;

    for (char *q = p + 1;; q++) {
        if (*q == '/' || *q == '\0') {
            char c = *q;
            *q = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                rc = -1;
                break;
            }
            *q = c;
            if (!c)
                break;
        }
    }
    free(p);
    return rc;
}

static void usage(void)
{
    fputs("usage: oversight-gen SIZE DIR\n"
          "  SIZE: small (200 actions, 2,000 updates), large (5,000 / 50,000),\n"
          "        all (every force: 100,000 / 1,000,000), or ACTIONS:UPDATES\n"
          "  writes DIR/sources.csv, actions.csv, updates.csv and points.txt\n",
          stderr);
}

int main(int argc, char **argv)
{
    struct world w;
    long nact, nupd;
    const char *size, *dir;
    struct slots ss = {0};

    if (argc != 3) {
        usage();
        return 2;
    }
    size = argv[1];
    dir = argv[2];
    memset(&w, 0, sizeof(w));
    if (strcmp(size, "small") == 0) {
        nact = 200, nupd = 2000;
    } else if (strcmp(size, "large") == 0) {
        nact = 5000, nupd = 50000;
    } else if (strcmp(size, "all") == 0) {
        nact = 100000, nupd = 1000000;
    } else {
        char *end;
        nact = strtol(size, &end, 10);
        if (*end != ':' || nact < 1) {
            usage();
            return 2;
        }
        nupd = strtol(end + 1, &end, 10);
        if (*end || nupd < 0 || nact > 10000000 || nupd > 100000000) {
            usage();
            return 2;
        }
    }
    /* One seed per size, so that small is not merely a prefix of large. */
    w.g.s = 0x6f76657273696768ULL ^ fnv1a(size);

    /* small is the City of London Police, large the Met, all every force;
     * a custom size is one force up to 20,000 actions, every force above. */
    static const struct force *one[1];
    static const struct force *every[ARRAY_LEN(FORCES)];
    if (nact <= 20000 && strcmp(size, "all") != 0) {
        one[0] = &FORCES[strcmp(size, "large") == 0 || nact > 2000 ? FORCE_MPS : FORCE_COLP];
        w.forces = one;
        w.nforces = 1;
    } else {
        for (size_t i = 0; i < ARRAY_LEN(FORCES); i++)
            every[i] = &FORCES[i];
        w.forces = every;
        w.nforces = (int)ARRAY_LEN(FORCES);
        w.multi = 1;
    }

    if (mkdir_p(dir) != 0) {
        fprintf(stderr, "oversight-gen: %s: %s\n", dir, strerror(errno));
        return 1;
    }

    /* Each force's share of the actions, by its weight (largest remainder). */
    long wsum = 0, given = 0;
    long *target = xcalloc((size_t)w.nforces, sizeof(*target));
    for (int i = 0; i < w.nforces; i++)
        wsum += w.forces[i]->weight;
    for (int i = 0; i < w.nforces; i++) {
        target[i] = nact * w.forces[i]->weight / wsum;
        given += target[i];
    }
    for (int i = 0; given < nact; i = (i + 1) % w.nforces, given++)
        target[i]++;

    build_shared(&w, (int)(nact / w.nforces));
    for (int fi = 0; fi < w.nforces; fi++) {
        plan_force(&w, fi, (int)target[fi], &ss);
        emit_force(&w, fi, &ss);
    }
    free(ss.v);
    free(target);
    if (w.nact != nact) {
        fprintf(stderr, "oversight-gen: internal error: %d actions, wanted %ld\n", w.nact, nact);
        return 1;
    }

    write_sources(&w, dir);
    write_actions(&w, dir);
    write_updates(&w, dir, nupd);
    write_points(dir);

    for (int i = 0; i < w.nact; i++)
        free(w.act[i].text);
    for (int i = 0; i < w.nsrc; i++) {
        free(w.src[i].title);
        free(w.src[i].code);
    }
    free(w.act);
    free(w.src);
    strset_release(&w.titles);
    strset_release(&w.refs);
    return 0;
}
