"""The rule-based structuring, on text: normalisation, headings, contact details, entries."""

from platform_core.documents import ResumeData, ResumeDocument
from plugins.resume_parser import hooks
from plugins.resume_parser.contact import find_phone
from plugins.resume_parser.normalize import normalize
from plugins.resume_parser.parser import parse, structure
from plugins.resume_parser.sections import heading_kind, heading_words


def test_normalize_ligatures_soft_hyphens_and_spaces():
    text = "Certiﬁed ﬂexible\u00a0work\tplan ex\u00adperience"

    assert normalize(text) == "Certified flexible work plan experience"


def test_normalize_icon_glyph_glued_to_email_is_cut_off():
    assert normalize("\uf0e0jane@example.com \u260e416-555-0199") == (
        "jane@example.com 416-555-0199"
    )


def test_normalize_one_word_per_line_is_joined_but_headings_stay():
    text = "Summary\nCaring\nnurse\nwith\nten\nyears.\nSkills\nTriage"

    assert (
        normalize(text, heading_words()) == "Summary\nCaring nurse with ten years.\nSkills\nTriage"
    )


def test_heading_kind_synonyms_capitals_and_bullets():
    assert [
        heading_kind(line)
        for line in ["WORK HISTORY", "• Skills", "Employment history:", "E D U C A T I O N",
                     "Skills: Python, SQL", "Experienced nurse with ten years"]
    ] == [
        ("experience", ""), ("skills", ""), ("experience", ""), ("education", ""),
        ("skills", "Python, SQL"), None,
    ]  # fmt: skip


def test_find_phone_ignores_gpas_years_and_postcodes():
    lines = ["GPA 3.85/4.0", "2015 2016 2017 2018", "Toronto, ON M5V 2T6 90210",
             "2019 - 2023", "Tel: +44 20 7946 0958"]  # fmt: skip

    assert find_phone(lines) == "+44 20 7946 0958"


def test_find_phone_none_when_only_numbers_that_are_not_phones():
    assert find_phone(["GPA 3.9", "Class of 2019", "Student no. 20231234"]) == ""


def test_structure_reads_entries_and_records_keys():
    text = "\n".join([
        "Amir Okafor", "Halifax, NS | amir@example.com | (902) 555-0142",
        "github.com/amiro | amiro.dev",
        "Experience", "Acme Robotics Inc. | Senior Developer", "Mar 2021 - Present",
        "• Built Python and Docker services", "Developer, Orbit Labs", "06/2018 – 02/2021",
        "Education", "Dalhousie University", "BSc Computer Science, 2014 - 2018",
        "Projects", "Braille Translator – converts text to braille, github.com/amiro/bt",
        "Certifications", "AWS Certified Developer – Amazon Web Services, 2022",
        "Languages", "English (native); French – conversational",
        "Achievements", "Hackathon winner – 2019",
    ])  # fmt: skip

    data = structure(text)

    assert data.personal_info.model_dump() == {
        "first_name": "Amir", "last_name": "Okafor", "full_name": "Amir Okafor",
        "email": "amir@example.com", "phone": "(902) 555-0142", "location": "Halifax, NS",
        "linkedin_url": "", "github_url": "https://github.com/amiro",
        "portfolio_url": "https://amiro.dev",
    }  # fmt: skip
    assert [(job.company, job.role, job.start_date, job.end_date, job.current)
            for job in data.work_experience] == [
        ("Acme Robotics Inc.", "Senior Developer", "2021-03-01", None, True),
        ("Orbit Labs", "Developer", "2018-06-01", "2021-02-01", False),
    ]  # fmt: skip
    assert [item.model_dump() for item in data.education] == [{
        "institution": "Dalhousie University", "degree": "BSc",
        "field_of_study": "Computer Science", "start_date": "2014-01-01",
        "end_date": "2018-01-01",
    }]  # fmt: skip
    assert data.projects[0].project_name == "Braille Translator"
    assert data.projects[0].url == "https://github.com/amiro/bt"
    assert data.certifications[0].model_dump() == {
        "name": "AWS Certified Developer", "issuing_organization": "Amazon Web Services",
        "issue_date": "2022-01-01", "expiry_date": None, "credential_url": "",
    }  # fmt: skip
    assert [(item.language, item.speaking) for item in data.languages] == [
        ("English", "native"),
        ("French", "intermediate"),
    ]
    assert [(item.title, item.issue_date) for item in data.achievements] == [
        ("Hackathon winner", "2019-01-01")
    ]


def test_resume_data_keys_are_contract_section_7():
    dumped = ResumeData().model_dump()

    assert list(dumped) == ["personal_info", "summary", "skills", "work_experience", "education",
                            "projects", "certifications", "languages", "achievements"]  # fmt: skip
    assert list(dumped["personal_info"]) == [
        "first_name",
        "last_name",
        "full_name",
        "email",
        "phone",
        "location",
        "linkedin_url",
        "github_url",
        "portfolio_url",
    ]


def test_skills_everyday_words_count_only_in_skills_section():
    text = "Jane Doe\nSummary\nI go to research events and excel at sales.\nSkills\nGo, Excel"

    assert structure(text).skills == ["Go", "Excel"]


def test_term_counts_leave_out_name_and_contact_details():
    content = b"Jane Doe\njane@example.com\n416-555-0199\nSkills\nPython, Python, SQL\n"

    counts = parse(ResumeDocument(filename="r.txt", extension="txt", content=content)).term_counts

    assert counts == {"skills": 1, "python": 2, "sql": 1, "skill:python": 1, "skill:sql": 1}


def test_hook_parse_resume_delegates_to_parser():
    document = ResumeDocument(
        filename="r.txt", extension="txt", content=b"Jane Doe\njane@example.com\nSkills\nJAWS, NVDA"
    )

    parsed = hooks.parse_resume(context=None, document=document)

    assert parsed is not None
    assert parsed.resume_data.skills == ["JAWS", "NVDA"]


# --- location: only from the header, never a list of skills (integration bug) -------------------

CONTACT = "Jane Doe\njane@example.com\n(416) 555-0199\n"


def test_location_skills_heading_after_contact_lines_is_not_a_location():
    data = structure(CONTACT + "Skills\nPython, SQL")

    assert (data.personal_info.location, data.skills) == ("", ["Python", "SQL"])


def test_location_from_inside_experience_section_is_not_taken():
    text = CONTACT + "Experience\nAcme Inc., Toronto\nDeveloper\nJan 2020 - Present"

    assert structure(text).personal_info.location == ""


def test_location_known_skills_line_in_header_without_heading_is_not_a_location():
    assert structure(CONTACT + "Python, SQL, Docker").personal_info.location == ""


def test_location_one_line_summary_in_header_is_not_a_location():
    text = CONTACT + "Patient Advocate, Team Player\nSkills\nTriage"

    assert structure(text).personal_info.location == ""


def test_location_own_line_with_region_code_or_country_is_found():
    assert [
        structure(CONTACT + line + "\nSkills\nPython").personal_info.location
        for line in ("Toronto, ON", "London, United Kingdom", "Location: Springfield, Shelbyville")
    ] == ["Toronto, ON", "London, United Kingdom", "Springfield, Shelbyville"]


def test_location_glued_to_email_and_phone_by_spaces_is_found():
    text = "Jane Doe\njane@example.com 416-555-0199 Winnipeg, MB\nSkills\nPython"

    assert structure(text).personal_info.location == "Winnipeg, MB"
