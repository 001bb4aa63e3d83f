from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models.regions import Regency
from komunitas.accounts.models.schools import School
from komunitas.lib.formats import moment

validate_nuptk = RegexValidator(
    r"^\d{16}\Z", _("A NUPTK is exactly 16 digits, without spaces."), code="nuptk"
)
validate_whatsapp = RegexValidator(
    r"^\+62\d{8,13}\Z",
    _("Write the WhatsApp number as 08… or +628…, for example 081234567890."),
    code="whatsapp",
)


# Words written before a name that are not the name: forms of address and titles. A word with a
# dot inside or at its end (Dr., S.Pd., H.) is an abbreviation, never a first name either.
HONORIFICS = frozenset(
    [
        "ibu",
        "bu",
        "bapak",
        "pak",
        "bpk",
        "bp",
        "sdr",
        "sdri",
        "saudara",
        "saudari",
        "kak",
        "mas",
        "mbak",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "hj",
        "kh",
    ]
)


def first_name(full_name: str) -> str:
    """The first word of a name that is neither a form of address nor a title; "" if none."""
    for word in full_name.replace(",", " ").split():
        if "." not in word and word.lower() not in HONORIFICS:
            return word
    return ""


def normalise_whatsapp(value: str) -> str:
    """Turn the ways people write an Indonesian mobile number into one form: +628…"""
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("08"):
        return "+62" + digits[1:]
    if digits.startswith("628"):
        return "+" + digits
    return digits


class Phase(models.Model):
    """A Kurikulum Merdeka phase (fase): Fondasi for PAUD, then A to F."""

    LABELS = {
        "fondasi": _("Fondasi (PAUD)"),
        "A": _("Phase A (grades 1–2)"),
        "B": _("Phase B (grades 3–4)"),
        "C": _("Phase C (grades 5–6)"),
        "D": _("Phase D (grades 7–9)"),
        "E": _("Phase E (grade 10)"),
        "F": _("Phase F (grades 11–12)"),
    }

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return str(self.LABELS.get(self.code, self.code))


class Subject(models.Model):
    """A subject (mata pelajaran) as Kurikulum Merdeka names it, with the levels that teach it."""

    code = models.SlugField(_("code"), max_length=60, primary_key=True)
    name_id = models.CharField(_("name in Indonesian"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    levels = models.CharField(
        _("levels"), max_length=40, help_text=_("Comma separated: paud,sd,smp,sma,smk,slb")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["position", "name_id"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self):
        return self.name_en if translation.get_language() == "en" else self.name_id


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=User.Role.OPERATOR)
        fields.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person on the platform. They log in with their e-mail address."""

    class Role(models.TextChoices):
        GURU = "guru", _("Teacher (guru)")
        GURU_PENGGERAK = "guru_penggerak", _("Guru penggerak")
        KEPALA_SEKOLAH = "kepala_sekolah", _("Principal (kepala sekolah)")
        PENGAWAS = "pengawas", _("School supervisor (pengawas)")
        DINAS = "dinas", _("District education office (dinas)")
        OPERATOR = "operator", _("Operator")

    class Zone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (Western Indonesia Time)")
        WITA = "Asia/Makassar", _("WITA (Central Indonesia Time)")
        WIT = "Asia/Jayapura", _("WIT (Eastern Indonesia Time)")

    class Language(models.TextChoices):
        INDONESIAN = "id", "Bahasa Indonesia"
        ENGLISH = "en", "English"

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    whatsapp = models.CharField(
        _("WhatsApp number"), max_length=16, blank=True, validators=[validate_whatsapp]
    )
    nuptk = models.CharField(_("NUPTK"), max_length=16, blank=True, validators=[validate_nuptk])
    role = models.CharField(
        _("account role"), max_length=20, choices=Role.choices, default=Role.GURU
    )
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("school"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("regency or city"),
        help_text=_("For a Dinas Pendidikan account: the kabupaten/kota it serves."),
    )
    supervised_schools = models.ManyToManyField(
        School, blank=True, related_name="supervisors", verbose_name=_("supervised schools")
    )
    subjects = models.ManyToManyField(Subject, blank=True, verbose_name=_("subjects taught"))
    phases = models.ManyToManyField(Phase, blank=True, verbose_name=_("phases taught"))
    bio = models.TextField(_("about me"), max_length=1000, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=20, choices=Zone.choices, default=Zone.WIB
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    # The new address asked for and not yet confirmed; only a link sent to it can switch to it.
    pending_email = models.EmailField(_("new e-mail address to confirm"), blank=True)
    privacy_consent_at = models.DateTimeField(
        _("agreed to the privacy notice at"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Set when the account was erased: the row stays as "Mantan anggota" under what they wrote.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["nuptk"], condition=~models.Q(nuptk=""), name="user_nuptk_unique"
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        """The first name, for a greeting: "Ratna" of "Ibu Dra. Ratna Kusuma, M.Pd."."""
        return first_name(self.full_name) or self.full_name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def zone_abbreviation(self) -> str:
        return self.Zone(self.time_zone).name

    def mark_email_verified(self):
        if self.email_verified_at is None:
            self.email_verified_at = timezone.now()
            self.save(update_fields=["email_verified_at"])

    def profile_checklist(self):
        """What a complete profile has, as (label, done, anchor) for the home page (one query,
        for the member's own page only)."""
        has_subjects, has_phases = self._teaches()
        items = [
            (_("Verify your e-mail address"), self.email_verified, "email"),
            (_("Choose your school"), self.school_id is not None, "school"),
            (_("Say which subjects you teach"), has_subjects, "subjects"),
            (_("Say which phases you teach"), has_phases, "phases"),
            (_("Add your WhatsApp number"), bool(self.whatsapp), "whatsapp"),
            (_("Write a few words about yourself"), bool(self.bio), "bio"),
        ]
        if self.role in (self.Role.GURU, self.Role.GURU_PENGGERAK):
            items.append((_("Add your NUPTK"), bool(self.nuptk), "nuptk"))
        return items

    def _teaches(self) -> tuple[bool, bool]:
        """Whether the member chose subjects, and phases: from the request's user query when it
        counted them (``teaches``), else in one query for both."""
        if hasattr(self, "teaches_subjects") and hasattr(self, "teaches_phases"):
            return self.teaches_subjects, self.teaches_phases
        mine = models.Q(user_id=self.pk)
        return (
            type(self)
            .objects.filter(pk=self.pk)
            .values_list(
                models.Exists(self.subjects.through.objects.filter(mine)),
                models.Exists(self.phases.through.objects.filter(mine)),
            )
            .get()
        )

    def profile_completeness(self, checklist=None) -> int:
        """Percent of the checklist done (pass the checklist when you already have it)."""
        items = checklist if checklist is not None else self.profile_checklist()
        return round(100 * sum(1 for _label, done, _a in items if done) / len(items))


class LoginFailure(models.Model):
    """No longer written: django-axes counts failed logins now (accounts/lockout.py). Its table is
    dropped in a later release, once no server of the previous one runs (docs/migrations.md)."""

    email = models.CharField(max_length=254, db_index=True, verbose_name=_("email"))
    ip = models.GenericIPAddressField(null=True, db_index=True, verbose_name=_("IP address"))
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created at")
    )

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self):
        return f"{self.email} {self.ip} {moment(self.created_at)}"


class PasswordResetRequest(models.Model):
    """No longer written: ``MailRequest`` of kind "reset" replaces it. Dropped in a later release,
    like ``LoginFailure``."""

    email = models.CharField(_("e-mail address"), max_length=254, db_index=True)
    ip = models.GenericIPAddressField(_("address"), null=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")

    def __str__(self):
        return f"{self.email} {self.ip} {moment(self.created_at)}"


class MailRequest(models.Model):
    """One mail anyone can make the site send (sign-up, password reset, a new verification link,
    a login code), kept for its rate limit (accounts/lockout.py, ``MAIL_LIMITS``)."""

    KINDS = [
        ("signup", _("sign-up")),
        ("reset", _("password reset")),
        ("verify", _("verification link")),
        ("code", _("login code")),
    ]
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    email = models.CharField(_("e-mail address"), max_length=254, db_index=True)
    ip = models.GenericIPAddressField(_("address"), null=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("mail request")
        verbose_name_plural = _("mail requests")

    def __str__(self):
        return f"{self.kind} {self.email} {self.ip} {moment(self.created_at)}"


class LoginCode(models.Model):
    """A six-digit code mailed to log in without the password (accounts/login_codes.py).

    Only its keyed hash is kept; it works once, for ``LOGIN_CODE_MINUTES``, and is spoiled after
    ``LOGIN_CODE_ATTEMPTS`` wrong tries (every wrong try also counts as a failed login)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="login_codes", verbose_name=_("member")
    )
    code_hash = models.CharField(_("code hash"), max_length=128)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("login code")
        verbose_name_plural = _("login codes")

    def __str__(self):
        return f"{self.user_id} {moment(self.created_at)}"


def teaches(field: str) -> models.Exists:
    """Whether the user of the outer query chose any ``field`` ("subjects" or "phases")."""
    through = getattr(User, field).through
    return models.Exists(through.objects.filter(user_id=models.OuterRef("pk")))
