"""The professions of the labelled ranking pool (pool.py): each one's job ad, the roles, skills
and duties its people write on their resumes, and the neighbouring professions whose people make
the hard negatives (same words, different job).

Skills are written `Usual name|other spelling|...`: the first is what an employer writes, the
others how some candidates write it ("JS", "Postgres", "k8s", "MS Excel").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Ad:
    title: str
    description: str
    skills: list[str]
    location: str
    workplace_type: str
    job_type: str = "full-time"
    visa_required: bool = False


@dataclass(frozen=True)
class Profession:
    key: str
    label: str
    work: str  # the work in words, as a sentence names it ("software testing")
    titles: list[str]
    skills: list[str]
    duties: list[str]
    summaries: list[str]  # `{years}` is filled in
    degrees: list[tuple[str, str]]  # (degree, field of study)
    companies: list[str]
    junior_title: str = ""
    certifications: list[tuple[str, str]] = field(default_factory=list)
    projects: list[tuple[str, str]] = field(default_factory=list)
    ad: Ad | None = None  # None: no job of this profession, its people are only negatives
    # The profession career changers into this one come from.
    came_from: str = ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _pairs(text: str) -> list[tuple[str, str]]:
    """`first: second` lines as pairs (degree and field, name and issuer, name and description)."""
    return [(first, second) for first, _, second in (line.partition(": ") for line in _lines(text))]


SOFTWARE = Profession(
    key="software",
    label="Software engineering",
    work="software development",
    ad=Ad(
        title="Backend Software Developer",
        description=(
            "We are a small product team building scheduling and accessibility tools used by "
            "hundreds of community clinics across Canada. As a backend developer you will design "
            "and build the Python services behind our web and mobile apps, own features from the "
            "first design discussion to production, and review your teammates' code. Our stack is "
            "Django and PostgreSQL on AWS, deployed in Docker containers with GitHub Actions; the "
            "front end is React with TypeScript, and you will touch it now and then. We value "
            "clear written communication, thoughtful API design, automated tests and an on-call "
            "rotation kept calm by good monitoring. You have shipped and maintained web services "
            "in production for at least three years and are comfortable reasoning about "
            "performance and data models."
        ),
        skills=_split("Python; Django; PostgreSQL; REST APIs; Docker; AWS; Git"),
        location="Toronto, ON",
        workplace_type="hybrid",
    ),
    titles=_split(
        "Software Developer; Backend Developer; Software Engineer; Full Stack Developer; "
        "Senior Software Engineer; Web Developer"
    ),
    junior_title="Software Developer Intern",
    skills=_split(
        "Python; Django|Django REST Framework; JavaScript|JS; TypeScript; React|ReactJS; "
        "PostgreSQL|Postgres; MySQL; Docker; Kubernetes|k8s; AWS|Amazon Web Services; "
        "REST APIs|RESTful APIs; Git|GitHub; CI/CD; Linux; Java; Go|Golang; Redis; GraphQL; "
        "Node.js|NodeJS; Flask; FastAPI"
    ),
    duties=_lines("""
        Designed and built REST APIs in Django for a booking platform serving 40,000 daily users.
        Moved the monolith's background jobs to Celery and Redis, cutting page load times by half.
        Reviewed pull requests daily and introduced type hints and pre-commit checks across the codebase.
        Migrated the main database from MySQL to PostgreSQL with zero downtime, including data backfills.
        Containerised six services with Docker and moved deployments to Kubernetes on AWS.
        Built the React and TypeScript front end of the customer dashboard with the design team.
        Added unit and integration tests with pytest, raising coverage from 40% to 85%.
        Set up CI/CD pipelines in GitHub Actions so every merge to main deploys within ten minutes.
        Profiled slow SQL queries and added indexes, reducing API p95 latency from 900 ms to 120 ms.
        Took part in the on-call rotation and wrote post-incident reviews for production outages.
        Implemented OAuth login and role-based permissions for a multi-tenant SaaS product.
        Mentored two junior developers and ran the weekly architecture discussion.
        Integrated Stripe payments and webhooks, with idempotent retries and audit logs.
        Built a GraphQL gateway in Node.js in front of three legacy Java services.
        Worked with product managers in two-week Agile sprints, estimating and breaking down features.
        Made the web app meet WCAG 2.1 AA, testing every page with a screen reader.
    """),
    summaries=_lines("""
        Software developer with {years} years of experience building web applications and APIs, mostly in Python. I like clean data models, readable code and services that are boring to operate.
        Backend engineer who has spent {years} years shipping and running production services. Comfortable across the stack, from SQL tuning to React components.
        Full stack developer focused on reliable, well-tested software, with {years} years in start-ups and a public-sector digital team.
        Engineer with {years} years of experience designing services, reviewing code and mentoring developers.
    """),
    degrees=_pairs("""
        Bachelor of Science: Computer Science
        Bachelor of Engineering: Software Engineering
        Diploma: Computer Programming
    """),
    certifications=_pairs("""
        AWS Certified Developer - Associate: Amazon Web Services
        Certified Kubernetes Application Developer: The Linux Foundation
    """),
    projects=_pairs("""
        Open-source contributor: Bug fixes and documentation for Django and a Python HTTP library.
        Transit alerts app: A small Flask and React app that sends accessible SMS alerts for bus delays.
        Home lab: A k3s cluster at home for self-hosted services and experiments in Go.
    """),
    companies=_split(
        "Silverline Software; Orbit Labs; Copperleaf Systems; Tidewater Technologies; "
        "Northstar Digital Services; Shopwise Commerce"
    ),
    came_from="qa",
)

DATA = Profession(
    key="data",
    label="Data science",
    work="data science",
    ad=Ad(
        title="Data Scientist",
        description=(
            "Our analytics team helps a national credit union understand its members and make fair"
            " lending decisions. As a data scientist you will explore large data sets, build and "
            "validate predictive models, and explain what they mean to people who are not "
            "statisticians. You will work in Python and SQL every day, with pandas, scikit-learn "
            "and notebooks, and partner with data engineers to put models into production. "
            "Experience designing experiments and A/B tests, measuring model bias, and presenting "
            "results with clear visualisations in Tableau or Power BI matters more to us than "
            "knowing every new framework. A graduate degree in statistics, mathematics or a "
            "related quantitative field, or equivalent experience, is an asset."
        ),
        skills=_split(
            "Python; SQL; Machine Learning; Statistics; scikit-learn; Pandas; A/B Testing; Tableau"
        ),
        location="Vancouver, BC",
        workplace_type="remote",
    ),
    titles=_split(
        "Data Scientist; Senior Data Scientist; Data Analyst; Machine Learning Scientist; "
        "Quantitative Analyst; Analytics Specialist"
    ),
    junior_title="Data Science Intern",
    skills=_split(
        "Python; R; SQL; Machine Learning|ML; Statistics|Statistical Analysis; Pandas; NumPy; "
        "scikit-learn|sklearn; TensorFlow; PyTorch; Tableau; Power BI|PowerBI; "
        "A/B Testing|AB testing; Jupyter|Jupyter Notebook; Spark|PySpark; Deep Learning; "
        "Natural Language Processing|NLP; Data Visualization|Data Visualisation; BigQuery; "
        "Excel|MS Excel"
    ),
    duties=_lines("""
        Built gradient-boosted churn models in Python that let the retention team reach at-risk members two months earlier.
        Designed and analysed A/B tests for the onboarding flow, with power calculations and sequential testing.
        Wrote SQL pipelines in BigQuery feeding weekly dashboards in Tableau for the executive team.
        Cleaned and joined transaction data of 3 million accounts with pandas and PySpark.
        Trained text classifiers with scikit-learn, later fine-tuned transformer models in PyTorch for support ticket routing.
        Measured the fairness of the credit risk model across groups and documented the mitigations.
        Presented findings to non-technical stakeholders and wrote plain-language summaries of model limitations.
        Forecast call-centre demand with time-series models, reducing overtime costs by 12%.
        Worked with data engineers to deploy models as batch jobs and monitored drift in production.
        Built a survey weighting method in R for a provincial health study.
        Ran exploratory analyses in Jupyter notebooks and turned the useful ones into reusable Python packages.
        Created a customer segmentation with clustering that shaped the marketing strategy for two years.
        Reviewed the statistical methods of colleagues' analyses and taught an internal course on regression.
        Automated monthly reporting from Excel into a Power BI data model.
    """),
    summaries=_lines("""
        Data scientist with {years} years of experience turning messy data into models and decisions. Strong in statistics, Python and SQL, and in explaining results to the people who act on them.
        Analyst turned data scientist: {years} years building predictive models, experiments and dashboards in finance and health.
        Quantitative researcher with a background in statistics and {years} years of applied machine learning.
        I build models people can trust: careful validation, honest uncertainty and clear communication, {years} years in analytics teams.
    """),
    degrees=_pairs("""
        Master of Science: Statistics
        Master of Science: Data Science
        Bachelor of Science: Mathematics
        PhD: Physics
    """),
    certifications=_pairs("""
        TensorFlow Developer Certificate: Google
        Tableau Desktop Specialist: Tableau
    """),
    projects=_pairs("""
        Housing price explorer: An interactive model of rents in Canadian cities built with Python, scikit-learn and Streamlit.
        Kaggle competitions: Top 5% in a tabular forecasting competition with feature engineering and LightGBM.
        Open data volunteer: Cleaned and published municipal accessibility data sets for a civic tech group.
    """),
    companies=_split(
        "Lakeshore Credit Union; Bluewave Analytics Inc.; Atlas Financial Group; Northwind Health; "
        "Statistics Consulting Group; Kestrel Energy"
    ),
    came_from="accounting",
)

QA = Profession(
    key="qa",
    label="QA / testing",
    work="software testing",
    ad=Ad(
        title="QA Automation Engineer",
        description=(
            "Join the quality team of a company whose software runs self-service kiosks in "
            "hospitals and libraries. You will design test plans with developers and product "
            "owners, build and maintain our automated regression suites, and decide with the team "
            "when a release is ready. Most of our UI tests are written in Cypress and Selenium, "
            "our API tests in Python with pytest, and everything runs in our CI/CD pipeline on "
            "every pull request. You will also do exploratory and accessibility testing by hand, "
            "with screen readers and keyboard-only navigation, because our kiosks must work for "
            "everyone. We are looking for someone who writes clear bug reports in Jira, keeps "
            "flaky tests under control and cares about quality more than about test counts."
        ),
        skills=_split(
            "Quality Assurance; Selenium; Cypress; pytest; Python; CI/CD; Jira; "
            "Accessibility Testing"
        ),
        location="Ottawa, ON",
        workplace_type="hybrid",
    ),
    titles=_split(
        "QA Analyst; QA Automation Engineer; Software Tester; Test Engineer; "
        "Quality Assurance Specialist; Software Development Engineer in Test"
    ),
    junior_title="QA Co-op Student",
    skills=_split(
        "Quality Assurance|QA|Software Testing; Selenium|Selenium WebDriver; Cypress; Playwright; "
        "pytest; Python; Java; JavaScript|JS; Postman; Jira|JIRA; TestRail; CI/CD; Jenkins; "
        "API Testing; Regression Testing; Accessibility Testing|Accessibility Audits; SQL; "
        "Agile|Scrum"
    ),
    duties=_lines("""
        Wrote and maintained 600 automated UI tests in Selenium WebDriver with Java and TestNG.
        Moved the end-to-end suite to Cypress and cut its run time from 90 to 25 minutes with parallel runs.
        Designed test plans and test cases for each release with developers and the product owner.
        Built API tests in Python with pytest and requests, run on every pull request in Jenkins.
        Logged, triaged and verified defects in Jira, and ran the weekly bug review with the developers.
        Ran exploratory testing sessions before each release and wrote the release readiness report.
        Tested the web and kiosk apps with JAWS, NVDA and keyboard-only navigation against WCAG 2.1.
        Reduced flaky tests from 15% to under 2% by fixing waits, test data and environment issues.
        Wrote test data generation scripts and isolated test databases in Docker.
        Performed regression, smoke and user acceptance testing of a hospital scheduling system.
        Introduced contract tests for the mobile API with Postman and Newman.
        Coached developers on writing testable code and reviewed their unit tests.
        Tracked quality metrics and escaped defects and presented trends to the engineering manager.
        Tested payment flows and receipts on 12 browser and device combinations.
    """),
    summaries=_lines("""
        QA engineer with {years} years of manual and automated testing of web, mobile and kiosk software. I write tests developers trust and bug reports they can act on.
        Detail-oriented software tester: {years} years of test planning, automation in Selenium and Cypress, and accessibility testing.
        Quality assurance specialist with {years} years in Agile teams, from test strategy to release sign-off.
        Test automation engineer who has spent {years} years making regression suites fast and reliable.
    """),
    degrees=_pairs("""
        Diploma: Computer Systems Technology
        Bachelor of Science: Computer Science
        Bachelor of Arts: Psychology
    """),
    certifications=_pairs("""
        ISTQB Certified Tester Foundation Level: ISTQB
        Certified Professional in Accessibility Core Competencies: IAAP
    """),
    projects=_pairs("""
        Test automation framework: A Cypress and Python framework with page objects and data builders, shared by three teams.
        Accessibility audit: A volunteer audit of a food bank's website: 40 WCAG issues with their fixes.
    """),
    companies=_split(
        "Tidewater Technologies; Copperleaf Systems; Kioskworks Inc.; Silverline Software; "
        "Pixelwise Media; Westbrook Insurance"
    ),
    came_from="support",
)

HR = Profession(
    key="hr",
    label="Human resources",
    work="human resources",
    ad=Ad(
        title="Human Resources Generalist",
        description=(
            "Riverbend Hospital is looking for an HR generalist to support 900 nurses, physician "
            "assistants and support staff across three sites. You will run full-cycle recruitment "
            "for clinical and non-clinical positions, coordinate onboarding and orientation, and "
            "advise managers on employee relations, attendance and performance management under "
            "two collective agreements. You will keep our HRIS records accurate, prepare monthly "
            "reports on turnover and vacancies, and help plan our workplace accommodation and "
            "return-to-work processes with occupational health. Experience in a unionized "
            "environment, knowledge of employment standards and human rights legislation, and a "
            "CHRP designation or progress toward one are strongly preferred. Experience with shift"
            " scheduling in healthcare is an asset."
        ),
        skills=_split(
            "Human Resources; Recruiting; Onboarding; Employee Relations; Performance Management; "
            "Workday; Labour Relations"
        ),
        location="Halifax, NS",
        workplace_type="onsite",
    ),
    titles=_split(
        "HR Generalist; Human Resources Advisor; HR Coordinator; Talent Acquisition Specialist; "
        "HR Business Partner; Recruiter"
    ),
    junior_title="HR Assistant",
    skills=_split(
        "Human Resources|HR; Recruiting|Recruitment|Talent Acquisition; Onboarding; "
        "Employee Relations; Performance Management; Workday; BambooHR; HRIS; Labour Relations; "
        "Payroll; Training and Development; Employment Law; Conflict Resolution; "
        "Microsoft Excel|MS Excel; Benefits Administration; Workplace Accommodation"
    ),
    duties=_lines("""
        Ran full-cycle recruitment for 150 positions a year, from job postings and screening to offers.
        Recruited registered nurses and personal support workers for three long-term care homes.
        Coordinated onboarding and orientation of new hires, including credential checks for clinical staff.
        Advised managers on attendance, discipline and performance management under the collective agreement.
        Investigated workplace complaints and wrote reports with recommendations for leadership.
        Maintained employee records in Workday and produced monthly turnover and vacancy reports.
        Coordinated workplace accommodations and graduated return-to-work plans with occupational health.
        Prepared grievance meetings and supported the labour relations lead in arbitration.
        Processed bi-weekly payroll changes and answered benefits questions for 400 employees.
        Launched an employee engagement survey and led action planning with department heads.
        Rewrote job descriptions and interview guides to reduce bias in hiring.
        Organised training on respectful workplaces, health and safety, and skills for new managers.
        Built recruitment partnerships with two nursing schools and ran campus hiring events.
        Led the HRIS migration from spreadsheets to BambooHR, including the data clean-up.
    """),
    summaries=_lines("""
        HR generalist with {years} years of experience in healthcare and unionized workplaces: recruitment, employee relations and accommodations.
        Human resources professional who has spent {years} years helping managers hire well and treat people fairly.
        Recruiter and HR coordinator with {years} years of full-cycle hiring and onboarding experience.
        People-focused HR advisor with {years} years in employee relations, performance management and policy.
    """),
    degrees=_pairs("""
        Bachelor of Commerce: Human Resources Management
        Postgraduate Certificate: Human Resources Management
        Bachelor of Arts: Sociology
    """),
    certifications=_pairs("""
        Chartered Human Resources Professional (CHRP): CPHR Canada
        Certified Workplace Investigator: Human Resources Professionals Association
    """),
    projects=_pairs("""
        Accessible hiring toolkit: Guidance for managers on accessible job postings and interview accommodations.
        Exit interview program: Designed the exit interview process and the quarterly retention report.
    """),
    companies=_split(
        "Riverbend Hospital; Evergreen Home Care; City of Mississauga; Harbourfront Logistics; "
        "Maple Leaf Foods; Aurora Community Clinic"
    ),
    came_from="nursing",
)

SALES = Profession(
    key="sales",
    label="Sales",
    work="sales",
    ad=Ad(
        title="Account Executive",
        description=(
            "We sell accessibility compliance software to mid-sized companies and public agencies "
            "across North America, and our sales team is growing. As an account executive you will"
            " own the full sales cycle for new business: prospecting, discovery calls, tailored "
            "demos, proposals, negotiation and closing. You will manage a pipeline of 40 to 60 "
            "opportunities in Salesforce, forecast accurately every week, and work with marketing "
            "on campaigns and events that bring in qualified leads. We expect you to know your "
            "buyers' regulations (AODA, ADA) well enough to talk about them credibly. You have at "
            "least two years of B2B sales experience, ideally in SaaS, a track record of meeting "
            "or beating quota, and the habit of following up."
        ),
        skills=_split(
            "Sales; Business Development; Salesforce; Lead Generation; Negotiation; "
            "Account Management; Cold Calling"
        ),
        location="Toronto, ON",
        workplace_type="hybrid",
    ),
    titles=_split(
        "Account Executive; Sales Representative; Business Development Representative; "
        "Inside Sales Representative; Key Account Manager; Sales Manager"
    ),
    junior_title="Sales Development Representative",
    skills=_split(
        "Sales|B2B Sales; Business Development; Salesforce|SFDC; HubSpot; "
        "Lead Generation|Prospecting; Negotiation; Account Management; Cold Calling; CRM; "
        "Pipeline Management; Customer Success; Presentation Skills|Presentations; "
        "LinkedIn Sales Navigator; Contract Negotiation"
    ),
    duties=_lines("""
        Closed $1.2M in new annual recurring revenue in 2023, 118% of quota.
        Prospected into mid-market accounts through cold calls, email sequences and LinkedIn.
        Ran discovery calls and tailored product demos for IT and compliance buyers.
        Managed a pipeline of 50 opportunities in Salesforce and forecast weekly with the sales director.
        Negotiated multi-year contracts and pricing with procurement teams at public agencies.
        Grew revenue from 30 key accounts by 25% through quarterly business reviews and upsells.
        Worked with marketing on trade show campaigns that brought in 300 qualified leads.
        Booked 20 meetings a month as a business development representative, first in a team of eight.
        Onboarded new customers with the customer success team and kept renewals above 90%.
        Built territory plans and account maps for the Ontario public sector.
        Trained new sales hires on discovery, objection handling and the CRM.
        Sold wholesale food products to 120 independent grocers and restaurants.
        Wrote proposals and answered requests for proposals with the solutions engineer.
    """),
    summaries=_lines("""
        B2B account executive with {years} years of quota-carrying experience in SaaS. I build honest relationships and a full pipeline.
        Sales professional with {years} years in business development, prospecting and closing, from wholesale to software.
        Consultative seller who has spent {years} years helping public-sector and mid-market buyers solve real problems.
        Results-driven sales representative with {years} years of new business and account management.
    """),
    degrees=_pairs("""
        Bachelor of Commerce: Marketing
        Diploma: Business Administration
        Bachelor of Arts: Communications
    """),
    certifications=_pairs("""
        Salesforce Certified Administrator: Salesforce
        Certified Inside Sales Professional: AA-ISP
    """),
    projects=_pairs("""
        Sales playbook: Wrote the discovery and demo playbook used by a team of twelve.
        Charity golf tournament: Found the sponsors and raised $40,000 for a local accessibility charity.
    """),
    companies=_split(
        "Brightpath Consulting; Atlas Financial Group; Shopwise Commerce; Maple Leaf Foods; "
        "Clearview Compliance Software; Westbrook Insurance"
    ),
    came_from="support",
)

DESIGN = Profession(
    key="design",
    label="UX / graphic design",
    work="UX and graphic design",
    ad=Ad(
        title="UX/UI Designer",
        description=(
            "Our product studio designs web and mobile apps for health charities and public "
            "services, and every product we ship must be usable by people with disabilities. As a "
            "UX/UI designer you will run research with real users, map journeys, sketch and "
            "prototype in Figma, and turn what you learn into polished interfaces and a shared "
            "design system. You will test your designs with screen reader and switch users, work "
            "closely with developers on the details, and present your decisions to clients. Our "
            "visual work also includes brand refreshes and illustrations for marketing campaigns, "
            "so strong typography and graphic design skills are a plus. Please share a portfolio "
            "that shows your process, not just the final screens."
        ),
        skills=_split(
            "UX Design; UI Design; Figma; User Research; Prototyping; Design Systems; "
            "Accessibility; Graphic Design"
        ),
        location="Montréal, QC",
        workplace_type="remote",
    ),
    titles=_split(
        "UX Designer; UI Designer; Product Designer; Graphic Designer; UX Researcher; "
        "Visual Designer"
    ),
    junior_title="Junior Graphic Designer",
    skills=_split(
        "UX Design|User Experience Design; UI Design; Figma; Sketch; Adobe XD; "
        "Adobe Photoshop|Photoshop; Adobe Illustrator|Illustrator; Adobe InDesign|InDesign; "
        "User Research|UX Research; Prototyping; Wireframing|Wireframes; Design Systems; "
        "Usability Testing; Typography; Branding; Accessibility|a11y; Inclusive Design; "
        "Interaction Design"
    ),
    duties=_lines("""
        Designed the patient portal of a health charity, from research to high-fidelity Figma prototypes.
        Planned and ran 30 usability tests, including sessions with screen reader and switch users.
        Built and documented a design system of 60 components with the front-end developers.
        Created wireframes, user flows and journey maps for a provincial benefits application.
        Redesigned the checkout of an online store, raising conversion by 14%.
        Designed brand identities, logos and print collateral for small businesses and non-profits.
        Produced social media graphics and campaign visuals with the marketing team.
        Led interviews and card sorting to restructure the information architecture of a library website.
        Checked colour contrast, focus order and target sizes against WCAG 2.1 AA in every design review.
        Illustrated an onboarding sequence and a set of accessible icons.
        Presented design decisions and research findings to clients and stakeholders.
        Laid out annual reports and brochures in InDesign, exported as accessible PDFs.
        Prototyped micro-interactions and motion for a mobile app in Figma and After Effects.
    """),
    summaries=_lines("""
        UX/UI designer with {years} years of experience designing accessible web and mobile products, from research to design systems.
        Product designer who has spent {years} years making complex services simple for the people who use them.
        Graphic and interface designer with {years} years of branding, layout and digital design.
        Designer and researcher with {years} years of inclusive design work with disabled users.
    """),
    degrees=_pairs("""
        Bachelor of Design: Graphic Design
        Bachelor of Fine Arts: Interaction Design
        Diploma: User Experience Design
    """),
    certifications=_pairs("""
        Google UX Design Certificate: Google
        Certified Professional in Accessibility Core Competencies: IAAP
    """),
    projects=_pairs("""
        Accessible transit map: A high-contrast, screen reader friendly map of a city's transit network.
        Type specimen: Designed a display typeface and its specimen booklet.
    """),
    companies=_split(
        "Cedar & Pine Design Studio; Pixelwise Media; Northstar Digital Services; "
        "Greenfield Public Library; Brightpath Consulting; Shopwise Commerce"
    ),
    came_from="marketing",
)

NURSING = Profession(
    key="nursing",
    label="Nursing / health",
    work="nursing",
    ad=Ad(
        title="Registered Nurse, Medical-Surgical Unit",
        description=(
            "The medical-surgical unit at Riverbend Hospital is hiring registered nurses for day "
            "and night rotations. You will assess and care for adult patients before and after "
            "surgery, give medications, manage wounds, drains and IV therapy, and recognise when a"
            " patient is getting worse. You will chart in our electronic health record, teach "
            "patients and families how to manage at home, and work with physicians, "
            "physiotherapists and social workers on discharge plans. Experienced nurses may act as"
            " charge nurse and mentor new graduates. You hold or are eligible for registration "
            "with the provincial nursing college and current BLS certification; ACLS and surgical "
            "experience are assets. We offer orientation, education funding and accommodations for"
            " staff."
        ),
        skills=_split(
            "Nursing; Patient Care; Medication Administration; Wound Care; "
            "Electronic Health Records; Basic Life Support; Patient Education"
        ),
        location="Halifax, NS",
        workplace_type="onsite",
        job_type="part-time",
    ),
    titles=_split(
        "Registered Nurse; Staff Nurse; Charge Nurse; Registered Practical Nurse; Clinical Nurse; "
        "Community Health Nurse"
    ),
    junior_title="Nursing Student, Clinical Placement",
    skills=_split(
        "Nursing; Patient Care; Medication Administration; Wound Care; "
        "Electronic Health Records|EHR|EMR; Epic; Basic Life Support|BLS; "
        "Advanced Cardiac Life Support|ACLS; Patient Education; Infection Control; Vital Signs; "
        "IV Therapy; Triage; Care Planning; Dementia Care"
    ),
    duties=_lines("""
        Cared for five to six post-surgical patients per shift on a 32-bed medical-surgical unit.
        Administered medications, IV therapy and blood products following the hospital's protocols.
        Assessed and dressed surgical wounds and managed drains, catheters and ostomies.
        Recognised early signs of sepsis and escalated to the rapid response team.
        Charted assessments and care plans in Epic and completed medication reconciliation at discharge.
        Taught patients and families about pain control, wound care and medications before discharge.
        Worked as charge nurse on nights, assigning staff and coordinating admissions with bed management.
        Precepted nursing students and mentored newly graduated nurses during orientation.
        Triaged patients in a busy emergency department and started treatment protocols.
        Visited clients at home for wound care, diabetes teaching and palliative care.
        Led the unit's infection control audits and hand hygiene campaign.
        Cared for residents with dementia in long-term care, including behaviour support plans.
        Sat on the unit council and helped write the falls prevention policy.
    """),
    summaries=_lines("""
        Registered nurse with {years} years of medical-surgical and emergency experience. Calm under pressure and thorough in assessment and teaching.
        Compassionate nurse who has spent {years} years caring for adults in hospital and in the community.
        RN with {years} years of acute care experience, as charge nurse and preceptor.
        Nurse with {years} years in long-term care and home care, focused on dignity and safe care.
    """),
    degrees=_pairs("""
        Bachelor of Science in Nursing: Nursing
        Diploma: Practical Nursing
    """),
    certifications=_pairs("""
        Basic Life Support (BLS): Heart and Stroke Foundation
        Advanced Cardiac Life Support (ACLS): Heart and Stroke Foundation
        Wound Care Certificate: Wounds Canada
    """),
    projects=_pairs("""
        Falls prevention project: Led a unit project that reduced patient falls by 30% in a year.
        Discharge teaching cards: Plain-language discharge cards now used across the surgical program.
    """),
    companies=_split(
        "Riverbend Hospital; Northwind Health; Aurora Community Clinic; Evergreen Home Care; "
        "Lakeview General Hospital; St. Brigid's Long-Term Care"
    ),
    came_from="medical_office",
)

MECHANICAL = Profession(
    key="mechanical",
    label="Mechanical engineering",
    work="mechanical engineering",
    ad=Ad(
        title="Mechanical Design Engineer",
        description=(
            "We design and build wheelchair lifts and vehicle access ramps that are installed in "
            "buses and vans across Canada. As a mechanical design engineer you will take new "
            "products and improvements from concept to production: sketching ideas, modelling "
            "parts and assemblies in SolidWorks, checking strength with hand calculations and "
            "finite element analysis, and preparing manufacturing drawings with GD&T. You will "
            "build and test prototypes in our shop, work with suppliers on sheet metal, machined "
            "and welded parts, and support the production floor when a design does not fit. A "
            "degree in mechanical engineering, three or more years of product design experience "
            "and eligibility for a professional engineering licence are required; experience with "
            "hydraulics or safety standards is an asset."
        ),
        skills=_split(
            "Mechanical Engineering; SolidWorks; Finite Element Analysis; GD&T; CAD; Prototyping; "
            "AutoCAD"
        ),
        location="Winnipeg, MB",
        workplace_type="onsite",
        visa_required=True,
    ),
    titles=_split(
        "Mechanical Engineer; Mechanical Design Engineer; Design Engineer; "
        "Product Development Engineer; Engineer in Training; Manufacturing Engineer"
    ),
    junior_title="Mechanical Engineering Co-op",
    skills=_split(
        "Mechanical Engineering; SolidWorks; AutoCAD; CAD; Finite Element Analysis|FEA; ANSYS; "
        "GD&T; MATLAB; Prototyping; Sheet Metal Design; Hydraulics; 3D Printing; "
        "Design for Manufacturing|DFM; Root Cause Analysis; Lean Manufacturing|Lean"
    ),
    duties=_lines("""
        Designed sheet metal and welded assemblies in SolidWorks for wheelchair lift platforms.
        Ran finite element analysis in ANSYS to size brackets and verify fatigue life.
        Produced manufacturing drawings with GD&T and managed engineering change orders.
        Built and tested prototypes in the shop, including load tests to 150% of rated capacity.
        Worked with machining and sheet metal suppliers to reduce part cost by 18%.
        Designed a hydraulic ramp actuator and selected its cylinders, valves and pumps.
        Led root cause analysis of field failures and implemented the design fixes.
        Wrote test procedures and reports for compliance with transport safety standards.
        Supported the production line with fixtures, tolerance stack-ups and assembly instructions.
        Modelled heat transfer in MATLAB for the redesign of an enclosure's cooling.
        Designed injection-moulded plastic housings with a product design firm.
        3D printed fixtures and functional prototypes to speed up design reviews.
        Introduced design for manufacturing and assembly reviews for every new part.
    """),
    summaries=_lines("""
        Mechanical design engineer with {years} years of product development, from concept sketches to production drawings.
        Engineer with {years} years of experience in SolidWorks, FEA and prototyping of mechanical assemblies.
        Mechanical engineer who has spent {years} years designing equipment that is safe, testable and easy to build.
        Manufacturing and design engineer with {years} years in heavy equipment and vehicle components.
    """),
    degrees=_pairs("""
        Bachelor of Engineering: Mechanical Engineering
        Bachelor of Applied Science: Mechanical Engineering
        Master of Engineering: Mechanical Engineering
    """),
    certifications=_pairs("""
        Engineer in Training (EIT): Engineers Geoscientists Manitoba
        Certified SolidWorks Professional (CSWP): Dassault Systemes
    """),
    projects=_pairs("""
        Formula SAE: Designed the suspension uprights of the university's Formula SAE car.
        Adaptive bike: Designed and built a hand-cycle attachment for a friend who uses a wheelchair.
    """),
    companies=_split(
        "Ironclad Manufacturing Corp.; Summit Builders Ltd.; Prairie Mobility Systems; "
        "Kestrel Energy; Northern Transit Vehicles; Harbourfront Logistics"
    ),
    came_from="technician",
)

ACCOUNTING = Profession(
    key="accounting",
    label="Accounting",
    work="accounting",
    ad=Ad(
        title="Staff Accountant",
        description=(
            "A growing property management company is hiring a staff accountant to join a finance "
            "team of six. You will own parts of the month-end close: journal entries, accruals, "
            "account reconciliations and the fixed asset schedule. You will review accounts "
            "payable and accounts receivable, support the annual audit with year-end working "
            "papers, and prepare GST filings and financial statements under ASPE. We work in "
            "NetSuite and a lot of Excel, so you are comfortable with pivot tables and lookups, "
            "and you like making a messy process cleaner. You have a degree in accounting or "
            "finance, two or more years of experience, and are a CPA or working toward the "
            "designation."
        ),
        skills=_split(
            "Accounting; Financial Reporting; Account Reconciliation; NetSuite; MS Excel; "
            "Accounts Payable; GAAP"
        ),
        location="Calgary, AB",
        workplace_type="hybrid",
    ),
    titles=_split(
        "Staff Accountant; Accountant; Senior Accountant; Accounting Clerk; Bookkeeper; "
        "Financial Accountant"
    ),
    junior_title="Accounting Co-op Student",
    skills=_split(
        "Accounting; Financial Reporting; Account Reconciliation|Reconciliations; Month-End Close; "
        "NetSuite; QuickBooks|QuickBooks Online; Sage; Microsoft Excel|MS Excel|Excel; "
        "Pivot Tables; VLOOKUP; Accounts Payable; Accounts Receivable; GAAP; IFRS; ASPE; "
        "Tax Preparation; Payroll; Auditing|Audit"
    ),
    duties=_lines("""
        Prepared month-end journal entries, accruals and prepaid schedules for 14 entities.
        Reconciled bank, credit card and intercompany accounts and cleared aged reconciling items.
        Prepared financial statements under ASPE and IFRS, with variance analysis for management.
        Processed accounts payable for 300 vendors and ran the weekly payment run.
        Managed accounts receivable collections and reduced days sales outstanding by 9 days.
        Prepared year-end working papers and was the main contact of the external auditors.
        Filed GST/HST returns and supported corporate tax preparation with the external firm.
        Built Excel models with pivot tables and lookups to automate the fixed asset schedule.
        Moved the company's books from QuickBooks to NetSuite and redesigned the chart of accounts.
        Processed bi-weekly payroll for 80 employees and reconciled the payroll liabilities.
        Audited clients in construction and the non-profit sector as an audit associate.
        Documented internal controls and month-end close procedures.
        Prepared budgets and forecasts with department managers.
    """),
    summaries=_lines("""
        Accountant with {years} years of experience in month-end close, reconciliations and financial reporting, and a CPA candidate.
        Detail-oriented staff accountant who has spent {years} years keeping books accurate and audits uneventful.
        CPA with {years} years in public practice and industry: audit, financial statements and tax.
        Bookkeeper and accountant with {years} years of work for small businesses and non-profits.
    """),
    degrees=_pairs("""
        Bachelor of Commerce: Accounting
        Diploma: Accounting
        Bachelor of Business Administration: Finance
    """),
    certifications=_pairs("""
        Chartered Professional Accountant (CPA): CPA Canada
        QuickBooks Certified ProAdvisor: Intuit
    """),
    projects=_pairs("""
        Volunteer tax clinic: Free tax returns for low-income residents at a community tax clinic.
        Close automation: Cut the month-end close from 10 to 6 working days with templates and checklists.
    """),
    companies=_split(
        "Atlas Financial Group; Lakeshore Credit Union; Westbrook Insurance; Summit Builders Ltd.; "
        "Prairie Property Management; Henderson & Clarke LLP"
    ),
    came_from="hr",
)

TEACHING = Profession(
    key="teaching",
    label="Teaching",
    work="teaching",
    ad=Ad(
        title="Elementary School Teacher (Grade 4)",
        description=(
            "Greenfield Public School is looking for a grade 4 homeroom teacher for the coming "
            "school year. You will plan and teach the full Ontario curriculum in language, "
            "mathematics, science and social studies, differentiate lessons for a class of 24 "
            "students with a wide range of needs, and assess learning fairly and often. You will "
            "work with the special education resource teacher and educational assistants on "
            "individual education plans, communicate regularly with parents and guardians, and "
            "build a calm, inclusive classroom where every child belongs. Experience with "
            "assistive technology and universal design for learning is valued. Applicants must be "
            "certified by the Ontario College of Teachers."
        ),
        skills=_split(
            "Teaching; Lesson Planning; Classroom Management; Curriculum Development; "
            "Special Education; Differentiated Instruction"
        ),
        location="Ottawa, ON",
        workplace_type="onsite",
        job_type="contract",
    ),
    titles=_split(
        "Elementary Teacher; Grade 3 Teacher; Occasional Teacher; Classroom Teacher; "
        "Special Education Teacher; ESL Teacher"
    ),
    junior_title="Teacher Candidate, Practicum",
    skills=_split(
        "Teaching; Lesson Planning; Classroom Management; Curriculum Development; "
        "Special Education; Differentiated Instruction; Assessment; "
        "Individual Education Plans|IEPs; Google Classroom; Universal Design for Learning|UDL; "
        "Literacy; Early Childhood Education|ECE; Tutoring; Parent Communication"
    ),
    duties=_lines("""
        Taught a grade 3 class of 26 students across language, mathematics, science and the arts.
        Planned units and daily lessons aligned with the Ontario curriculum and assessed them with rubrics.
        Differentiated instruction for English language learners and students with learning disabilities.
        Wrote and reviewed individual education plans with the special education resource teacher.
        Used Google Classroom, text-to-speech and other assistive technology in daily lessons.
        Built classroom routines and restorative practices that reduced office referrals.
        Met parents and guardians each term and sent weekly updates home.
        Ran guided reading groups and a lunchtime literacy club.
        Supervised and mentored teacher candidates during their practicum.
        Taught as an occasional teacher in 15 schools, from kindergarten to grade 8.
        Coached the school's cross-country team and organised the science fair.
        Taught English as a second language to adult newcomers in evening classes.
        Worked with educational assistants to support autistic students in an inclusive classroom.
    """),
    summaries=_lines("""
        Elementary teacher with {years} years of classroom experience in grades 2 to 5, focused on literacy and inclusion.
        Certified teacher who has spent {years} years making classrooms where every student can learn.
        Special education teacher with {years} years of experience with IEPs, assistive technology and small-group instruction.
        Teacher with {years} years in public schools and ESL programs, warm and well organised.
    """),
    degrees=_pairs("""
        Bachelor of Education: Primary/Junior Education
        Bachelor of Arts: Child and Youth Studies
        Master of Education: Special Education
    """),
    certifications=_pairs("""
        Ontario Certified Teacher: Ontario College of Teachers
        Special Education Additional Qualification: Ontario College of Teachers
    """),
    projects=_pairs("""
        Reading buddies: Paired grade 4 and kindergarten classes for weekly reading, now school-wide.
        Accessible classroom kit: Low-cost assistive tools and a guide for new teachers.
    """),
    companies=_split(
        "Greenfield Public School; Ottawa-Carleton District School Board; Maplewood Elementary; "
        "Newcomer Language Centre; Riverside Montessori; Toronto District School Board"
    ),
    came_from="hr",
)

# --- neighbours without a job: their people share the words of a profession above --------------

MARKETING = Profession(
    key="marketing",
    label="Marketing",
    work="marketing",
    titles=_split(
        "Marketing Coordinator; Digital Marketing Specialist; Content Marketing Manager; "
        "Social Media Manager"
    ),
    skills=_split(
        "Digital Marketing; Content Marketing; Social Media Marketing|Social Media; SEO; "
        "Google Analytics; HubSpot; Email Marketing; Canva; Adobe Photoshop|Photoshop; "
        "Copywriting; Marketing Strategy; Google Ads"
    ),
    duties=_lines("""
        Planned and ran multi-channel campaigns for product launches with the sales team.
        Grew the company's LinkedIn and Instagram following from 2,000 to 15,000.
        Wrote blog posts, newsletters and landing pages and grew organic traffic by 60% with SEO.
        Designed social media graphics and campaign assets in Canva and Photoshop.
        Managed a $200,000 paid search and social budget and reported on cost per lead.
        Set up lead scoring and nurture emails in HubSpot for the sales pipeline.
        Refreshed the brand guidelines with an outside design agency.
        Organised trade shows and webinars that brought in qualified leads.
        Analysed campaign results in Google Analytics and presented them every month.
    """),
    summaries=_lines("""
        Marketing specialist with {years} years of digital campaigns, content and brand work.
        Content and social media marketer with {years} years in B2B and non-profit marketing.
    """),
    degrees=_pairs("""
        Bachelor of Commerce: Marketing
        Diploma: Public Relations
    """),
    companies=_split("Pixelwise Media; Brightpath Consulting; Shopwise Commerce; Maple Leaf Foods"),
)

DEVOPS = Profession(
    key="devops",
    label="DevOps / IT",
    work="IT operations",
    titles=_split(
        "DevOps Engineer; Systems Administrator; Site Reliability Engineer; IT Support Specialist"
    ),
    skills=_split(
        "Linux; AWS; Terraform; Kubernetes|k8s; Docker; Ansible; Bash; Python; Prometheus; "
        "Grafana; CI/CD; Jenkins; Networking; Active Directory"
    ),
    duties=_lines("""
        Managed 300 Linux servers and automated their configuration with Ansible.
        Wrote Terraform modules for AWS networking, databases and Kubernetes clusters.
        Built CI/CD pipelines in Jenkins and GitHub Actions for 20 development teams.
        Set up monitoring and alerting with Prometheus and Grafana, and led incident response.
        Scripted backups and user provisioning in Bash and Python.
        Supported 400 staff with laptops, Active Directory accounts and VPN access.
        Moved on-premises services to Docker containers on AWS.
        Hardened servers and handled security patching and audits.
    """),
    summaries=_lines("""
        DevOps engineer with {years} years of infrastructure automation, cloud and on-call experience.
        Systems administrator with {years} years of Linux, networking and user support.
    """),
    degrees=_pairs("""
        Diploma: Computer Systems Technology
        Bachelor of Science: Information Technology
    """),
    companies=_split("Orbit Labs; Copperleaf Systems; City of Mississauga; Kestrel Energy"),
)

MEDICAL_OFFICE = Profession(
    key="medical_office",
    label="Medical office administration",
    work="medical office administration",
    titles=_split(
        "Medical Office Administrator; Unit Clerk; Medical Receptionist; Health Records Clerk"
    ),
    skills=_split(
        "Medical Terminology; Scheduling; Electronic Health Records|EMR; Medical Billing; "
        "Microsoft Office|MS Office; Customer Service; Data Entry; Reception"
    ),
    duties=_lines("""
        Booked appointments and managed the schedules of six physicians in a busy family clinic.
        Registered patients at the hospital front desk and updated their records in the EMR.
        Worked as unit clerk on a surgical unit: transcribed orders, paged physicians and coordinated admissions with the nurses.
        Processed provincial health billing and followed up on rejected claims.
        Answered phones, greeted patients and handled referrals and test results with care for privacy.
        Maintained health records and scanned documents into the electronic chart.
    """),
    summaries=_lines("""
        Medical office administrator with {years} years in clinics and hospital units.
        Organised health care administrator with {years} years of scheduling, billing and patient registration.
    """),
    degrees=_pairs("""
        Diploma: Medical Office Administration
        Certificate: Health Information Management
    """),
    companies=_split(
        "Riverbend Hospital; Aurora Community Clinic; Northwind Health; Lakeview General Hospital"
    ),
)

TECHNICIAN = Profession(
    key="technician",
    label="Manufacturing technician",
    work="manufacturing",
    titles=_split(
        "Manufacturing Technician; CNC Machinist; Quality Control Inspector; Maintenance Technician"
    ),
    skills=_split(
        "CNC Programming|CNC; Blueprint Reading; Quality Control|QC; Machining; Welding; "
        "Lean Manufacturing|Lean; Preventive Maintenance; Forklift Operation; AutoCAD"
    ),
    duties=_lines("""
        Set up and ran CNC mills and lathes from engineering drawings.
        Inspected machined parts with calipers, micrometers and a CMM against their GD&T callouts.
        Welded and assembled steel frames for trailer ramps.
        Performed preventive maintenance on presses, conveyors and hydraulic systems.
        Took part in kaizen events and lean manufacturing projects that cut scrap by 20%.
        Recorded non-conformances and helped engineers with root cause analysis.
        Trained new operators on safety and machine setup.
    """),
    summaries=_lines("""
        Manufacturing technician with {years} years of machining, assembly and quality inspection.
        Hands-on CNC machinist and maintenance technician with {years} years in metal fabrication.
    """),
    degrees=_pairs("""
        Diploma: Mechanical Engineering Technology
        Certificate: General Machinist
    """),
    companies=_split(
        "Ironclad Manufacturing Corp.; Prairie Mobility Systems; Northern Transit Vehicles; "
        "Summit Builders Ltd."
    ),
)

SUPPORT = Profession(
    key="support",
    label="Customer service",
    work="customer service",
    titles=_split(
        "Customer Service Representative; Call Centre Agent; Customer Support Specialist; "
        "Retail Associate"
    ),
    skills=_split(
        "Customer Service; Zendesk; Salesforce; Conflict Resolution; Data Entry; "
        "Microsoft Office|MS Office; Cash Handling; Point of Sale|POS"
    ),
    duties=_lines("""
        Answered 60 calls and chats a day about billing, accounts and orders, with 94% satisfaction.
        Resolved escalated complaints and issued refunds within policy.
        Logged cases in Zendesk and Salesforce and wrote knowledge base articles.
        Trained new agents on the phone system and the call scripts.
        Upsold service plans to existing customers and met monthly sales targets.
        Reported the software bugs customers found to the product team, with steps to reproduce them.
        Handled cash, returns and the point of sale system in a busy store.
    """),
    summaries=_lines("""
        Customer service professional with {years} years in call centres and retail.
        Patient, friendly support specialist with {years} years of helping customers by phone, chat and email.
    """),
    degrees=_pairs("""
        Diploma: Business Administration
        Certificate: Customer Service Excellence
    """),
    companies=_split(
        "Westbrook Insurance; Shopwise Commerce; Lakeshore Credit Union; Harbourfront Logistics"
    ),
)

ANALYTICS = Profession(
    key="analytics",
    label="Business and financial analysis",
    work="business analysis",
    titles=_split(
        "Business Intelligence Analyst; Financial Analyst; Reporting Analyst; Marketing Analyst"
    ),
    skills=_split(
        "Excel|MS Excel; SQL; Power BI; Tableau; Financial Modeling; Forecasting; "
        "Google Analytics; Budgeting; Data Visualization; Pivot Tables"
    ),
    duties=_lines("""
        Built Power BI dashboards on sales, margins and inventory for the leadership team.
        Wrote SQL queries against the data warehouse for monthly and ad hoc reports.
        Built the annual budget and rolling forecasts in Excel with department heads.
        Analysed campaign and web results in Google Analytics and ran A/B tests of landing pages.
        Reconciled the revenue reports with the finance system and explained the variances.
        Automated recurring Excel reports with Power Query and pivot tables.
        Presented findings and recommendations to managers every quarter.
    """),
    summaries=_lines("""
        Business intelligence analyst with {years} years of reporting, dashboards and SQL.
        Financial analyst with {years} years of budgeting, forecasting and variance analysis.
    """),
    degrees=_pairs("""
        Bachelor of Commerce: Finance
        Bachelor of Arts: Economics
    """),
    companies=_split(
        "Lakeshore Credit Union; Maple Leaf Foods; Atlas Financial Group; Shopwise Commerce"
    ),
)

CARE_AIDE = Profession(
    key="care_aide",
    label="Personal support work",
    work="personal support work",
    titles=_split(
        "Personal Support Worker; Health Care Aide; Patient Care Assistant; Home Support Worker"
    ),
    skills=_split(
        "Patient Care; Dementia Care; Vital Signs; Personal Care; Home Care; First Aid; CPR; "
        "Infection Control"
    ),
    duties=_lines("""
        Helped residents with bathing, dressing, meals and mobility in a long-term care home.
        Took vital signs and reported changes in residents' condition to the nurse in charge.
        Supported clients living with dementia with calm routines and meaningful activities.
        Visited seniors at home for personal care, light housekeeping and medication reminders.
        Used mechanical lifts and transfer techniques safely.
        Recorded care notes in the electronic record at the end of each shift.
        Followed infection control practices during outbreaks.
    """),
    summaries=_lines("""
        Personal support worker with {years} years in long-term care and home care.
        Caring health care aide who has spent {years} years helping seniors live with dignity.
    """),
    degrees=_pairs("""
        Certificate: Personal Support Worker
        Certificate: Health Care Aide
    """),
    companies=_split(
        "St. Brigid's Long-Term Care; Evergreen Home Care; Riverbend Hospital; Aurora Community Clinic"
    ),
)

EDUCATION_SUPPORT = Profession(
    key="education_support",
    label="Educational assistance and child care",
    work="educational assistance",
    titles=_split("Educational Assistant; Early Childhood Educator; Child and Youth Worker; Tutor"),
    skills=_split(
        "Early Childhood Education|ECE; Child Care; Special Education; Behaviour Support; "
        "Tutoring; First Aid; Classroom Support"
    ),
    duties=_lines("""
        Supported students with autism and developmental disabilities in an inclusive classroom.
        Carried out behaviour support and safety plans with the classroom teacher.
        Planned play-based activities for toddlers and preschoolers in a licensed child care centre.
        Tutored students in reading and mathematics after school.
        Helped students use communication devices and other assistive technology.
        Kept daily notes for parents and took part in individual education plan meetings.
        Supervised lunch, recess and buses.
    """),
    summaries=_lines("""
        Educational assistant with {years} years of supporting students with special needs.
        Early childhood educator who has spent {years} years helping young children learn through play.
    """),
    degrees=_pairs("""
        Diploma: Early Childhood Education
        Diploma: Educational Support
    """),
    companies=_split(
        "Ottawa-Carleton District School Board; Maplewood Elementary; Riverside Montessori; "
        "Little Steps Child Care Centre"
    ),
)

# How employers end an ad: words of no profession, some of them HR's ("hiring", "accommodation").
AD_ENDINGS = _lines("""
    What we offer: a competitive salary, health and dental benefits from day one, a pension plan, flexible hours and a yearly learning budget. We are an equal opportunity employer and welcome applications from persons with disabilities; accommodation is available at every stage of the hiring process.
    You will join a friendly, supportive team that values collaboration, curiosity and work-life balance. We are committed to an inclusive, barrier-free workplace: tell us if you need an accommodation to apply or interview.
    Our benefits include paid vacation, wellness days, an employee assistance program and support for professional development. We thank all applicants; only those selected for an interview will be contacted. Accommodations are available on request for candidates taking part in all aspects of the selection process.
""")

# --- the other specialty of each profession: the same profession, less of the job ad's words ----


def _specialty(main: Profession, titles: str, skills: str, duties: str, summaries: str,
               companies: str) -> Profession:  # fmt: skip
    return replace(
        main,
        ad=None,
        titles=_split(titles),
        skills=_split(skills),
        duties=_lines(duties),
        summaries=_lines(summaries),
        companies=_split(companies),
    )


OTHER_SPECIALTY = {
    p.key: p
    for p in [
        _specialty(
            SOFTWARE,
            "Java Developer; .NET Developer; Android Developer; iOS Developer",
            "Java; Spring Boot; C#; .NET; Kotlin; Swift; Microsoft SQL Server|SQL Server; Azure; "
            "Microservices; JUnit; Kafka",
            """
            Maintained the Spring Boot microservices of an insurance company's claims system.
            Built Android apps in Kotlin with offline sync for field inspectors.
            Wrote C# services on .NET and SQL Server for a payroll product.
            Ported a legacy iOS app from Objective-C to Swift and SwiftUI.
            Designed event-driven integrations with Kafka between the billing and shipping systems.
            Wrote JUnit and Espresso tests and kept the Jenkins build green.
            Turned business analysts' requirements into user stories and estimates.
            Tuned JVM memory and thread pools after production incidents.
            """,
            """
            Java developer with {years} years of enterprise and mobile development in insurance and banking.
            Mobile developer who has spent {years} years shipping Android and iOS apps people rely on.
            """,
            "Westbrook Insurance; Atlas Financial Group; Lakeshore Credit Union; Copperleaf Systems",
        ),
        _specialty(
            DATA,
            "Statistician; Biostatistician; Research Scientist; NLP Scientist",
            "R; SAS; Stata; Statistics; Survival Analysis; Bayesian Statistics; Python; "
            "Natural Language Processing|NLP; Clinical Research",
            """
            Wrote the statistical analysis plans of three clinical trials and analysed them in SAS.
            Fitted mixed-effects and survival models in R for a cohort study of 20,000 patients.
            Built Bayesian hierarchical models of hospital readmissions in Stan.
            Wrote reproducible analysis reports in R Markdown for investigators.
            Taught statistics tutorials to graduate students.
            Published four peer-reviewed papers on methods for missing data.
            Built pipelines that extract findings from clinical notes with spaCy and transformer models.
            """,
            """
            Biostatistician with {years} years of clinical trial and cohort study analysis.
            Research scientist with {years} years of statistical modelling and text mining in health research.
            """,
            "Northwind Health; Riverbend Hospital; Statistics Consulting Group; Aurora Research Institute",
        ),
        _specialty(
            QA,
            "Manual Tester; Game Tester; UAT Coordinator; QA Tester",
            "Manual Testing; Test Cases; User Acceptance Testing; Exploratory Testing; TestRail; "
            "Bugzilla; Mobile Testing; Excel",
            """
            Executed the manual test cases of each sprint and recorded the results in TestRail.
            Tested console and mobile games, reproducing crashes and writing clear defect reports.
            Coordinated user acceptance testing with 30 business users for an ERP rollout.
            Wrote test scripts from business requirements and traced each one to its requirement.
            Tested mobile apps on iOS and Android devices, including with VoiceOver and TalkBack.
            Verified bug fixes and ran smoke tests after each deployment.
            Kept the defect backlog clean and prioritised it with the product owner.
            """,
            """
            Manual tester with {years} years of functional, mobile and acceptance testing.
            Game and app tester who has spent {years} years finding the bugs players and users would hit.
            """,
            "Pixelwise Media; Kestrel Energy; Orbit Labs; Westbrook Insurance",
        ),
        _specialty(
            HR,
            "Payroll and Benefits Administrator; HRIS Analyst; Compensation Analyst; "
            "People Operations Specialist",
            "Payroll; Benefits Administration; HRIS; Ceridian Dayforce; Compensation; "
            "Leave Management; Employment Standards; Excel|MS Excel",
            """
            Ran semi-monthly payroll for 1,200 unionized employees in Ceridian Dayforce.
            Administered group benefits enrolment, changes and claims for three employee groups.
            Built HRIS reports and dashboards on headcount, overtime and sick leave.
            Maintained the job evaluation system and the salary bands.
            Handled leaves of absence, records of employment and disability claims with the insurer.
            Answered employees' questions on pay, pensions and benefits.
            Audited time and attendance records against the collective agreement.
            """,
            """
            Payroll and benefits administrator with {years} years in unionized public-sector workplaces.
            HRIS and compensation analyst who has spent {years} years keeping people data and pay right.
            """,
            "City of Mississauga; Riverbend Hospital; Maple Leaf Foods; Harbourfront Logistics",
        ),
        _specialty(
            SALES,
            "Territory Sales Representative; Outside Sales Representative; Retail Sales Manager; "
            "Medical Device Sales Representative",
            "Outside Sales; Territory Management; Retail Sales; Merchandising; Customer Service; "
            "Negotiation; CRM; Product Demonstrations",
            """
            Visited 80 pharmacies and clinics a month across a territory in southern Ontario.
            Managed a store of 12 sales associates and beat the yearly target by 9%.
            Sold wound care and infusion products to hospitals and long-term care homes.
            Ran in-store promotions and product demonstrations.
            Built relationships with purchasing managers and grew repeat orders.
            Logged calls and orders in the CRM and reported every week to the regional manager.
            Trained new associates on the products and on customer service.
            """,
            """
            Territory sales representative with {years} years of field sales to clinics, pharmacies and retailers.
            Retail and outside sales professional who has spent {years} years beating targets face to face.
            """,
            "Maple Leaf Foods; Northwind Health; Shopwise Commerce; Prairie Medical Supply",
        ),
        _specialty(
            DESIGN,
            "Motion Designer; Illustrator; Production Artist; Art Director",
            "Adobe After Effects|After Effects; Adobe Premiere Pro|Premiere Pro; Illustration; "
            "Motion Graphics; Packaging Design; Art Direction; Adobe Illustrator; Print Production",
            """
            Animated explainer videos and social ads in After Effects and Premiere Pro.
            Illustrated children's books and editorial pieces for magazines.
            Prepared print-ready files and managed press checks for packaging.
            Art directed photo shoots and campaign visuals for a retail brand.
            Designed the packaging of a line of 40 food products.
            Built Canva templates for the marketing team.
            Made captioned, accessible videos for a non-profit.
            """,
            """
            Motion designer and illustrator with {years} years of video, animation and editorial work.
            Art director who has spent {years} years on packaging, print and campaign visuals.
            """,
            "Pixelwise Media; Cedar & Pine Design Studio; Maple Leaf Foods; Northstar Digital Services",
        ),
        _specialty(
            NURSING,
            "Mental Health Nurse; Public Health Nurse; Occupational Health Nurse; "
            "Psychiatric Nurse",
            "Mental Health; Crisis Intervention; Immunization; Public Health; "
            "Occupational Health; Case Management; Motivational Interviewing; "
            "Medication Administration",
            """
            Assessed and supported clients with severe mental illness on a community treatment team.
            Ran immunization clinics and school health programs for a public health unit.
            Managed workplace injury and return-to-work cases as an occupational health nurse.
            Provided crisis intervention and safety planning on an inpatient psychiatric unit.
            Administered long-acting injectable medications and monitored their side effects.
            Led group education sessions on diabetes and heart health.
            Coordinated care with psychiatrists, social workers and families.
            """,
            """
            Mental health nurse with {years} years of inpatient and community psychiatric care.
            Public and occupational health nurse who has spent {years} years keeping communities and workplaces healthy.
            """,
            "Riverbend Hospital; Aurora Community Clinic; City of Mississauga; Lakeview General Hospital",
        ),
        _specialty(
            MECHANICAL,
            "HVAC Design Engineer; Building Systems Engineer; Energy Engineer; Project Engineer",
            "HVAC; Revit; AutoCAD; Energy Modelling; Building Codes; Commissioning; "
            "Project Management; Mechanical Engineering",
            """
            Designed heating, ventilation, plumbing and fire protection systems for schools and hospitals.
            Calculated heating and cooling loads and selected the equipment.
            Produced drawings in AutoCAD and Revit and coordinated them with the architects.
            Reviewed shop drawings and inspected installations on site.
            Ran energy models to meet the building code and LEED targets.
            Led the commissioning of air handling units and chillers.
            Managed project budgets and schedules with the contractors.
            """,
            """
            Mechanical engineer with {years} years of HVAC and building systems design.
            Energy and building systems engineer who has spent {years} years making buildings efficient.
            """,
            "Summit Builders Ltd.; Kestrel Energy; Westgate Engineering Consultants; City of Mississauga",
        ),
        _specialty(
            ACCOUNTING,
            "Audit Associate; Tax Accountant; Senior Auditor; Assurance Associate",
            "Auditing|Audit; Tax Preparation; CaseWare; TaxPrep; Internal Controls; ASPE; IFRS; "
            "Excel|MS Excel",
            """
            Planned and performed audits of private companies and non-profits.
            Tested internal controls and wrote management letters.
            Prepared personal and corporate tax returns with their schedules.
            Prepared review and compilation engagements under Canadian standards.
            Supervised junior staff during field work and reviewed their files.
            Answered tax authority inquiries and prepared objections.
            Worked in CaseWare and TaxPrep every day.
            """,
            """
            Audit and assurance professional with {years} years in public practice.
            Tax accountant who has spent {years} years preparing returns for individuals and owner-managed companies.
            """,
            "Henderson & Clarke LLP; Brightpath Consulting; Atlas Financial Group; Westbrook Insurance",
        ),
        _specialty(
            TEACHING,
            "Secondary School Teacher; Mathematics Teacher; Adult Education Instructor; "
            "French Immersion Teacher",
            "Secondary Education; Mathematics; Physics; Curriculum Development; "
            "Classroom Management; Assessment; Google Classroom; French",
            """
            Taught grade 9 to 12 mathematics and physics to classes of 30.
            Developed a project-based science course with community partners.
            Taught literacy and numeracy to adults finishing high school.
            Taught French immersion in grades 7 and 8.
            Prepared students for provincial exams and university entrance.
            Supervised the robotics club and coached the debate team.
            Used Desmos, Google Classroom and screen readers to make lessons accessible.
            """,
            """
            Secondary mathematics and science teacher with {years} years in public high schools.
            Adult education instructor who has spent {years} years helping adults finish school.
            """,
            "Toronto District School Board; Ottawa-Carleton District School Board; "
            "Newcomer Language Centre; Greenfield Secondary School",
        ),
    ]
}

WITH_JOBS = [SOFTWARE, DATA, QA, HR, SALES, DESIGN, NURSING, MECHANICAL, ACCOUNTING, TEACHING]
NEIGHBOURS = [
    MARKETING, DEVOPS, MEDICAL_OFFICE, TECHNICIAN, SUPPORT, ANALYTICS, CARE_AIDE, EDUCATION_SUPPORT,
]  # fmt: skip
BY_KEY = {profession.key: profession for profession in WITH_JOBS + NEIGHBOURS}

# --- what generalists write: work of no profession in particular ---------------------------------

GENERAL_TITLES = _split(
    "Administrative Assistant; Operations Coordinator; Office Manager; Program Coordinator; "
    "Executive Assistant; Project Coordinator; Retail Supervisor; Freelance Consultant"
)
GENERAL_DUTIES = _lines("""
    Coordinated schedules, meetings and travel for a team of twelve.
    Prepared reports and presentations for senior management.
    Answered client questions by phone and email and resolved issues quickly.
    Kept project plans, budgets and timelines up to date in Excel and Asana.
    Trained and supervised new staff and volunteers.
    Ordered supplies, tracked inventory and managed vendor invoices.
    Organised community events with up to 500 attendees.
    Wrote newsletters, meeting minutes and policy documents.
    Worked with teams across the organisation to improve processes.
    Entered and checked data in the CRM and the finance system.
    Welcomed visitors, managed the front desk and handled confidential mail.
    Led weekly team meetings and followed up on action items.
""")
# Borrowed work: a generalist near a profession writes its words without having done its job.
NEAR_WORK = [
    "Supported colleagues who",
    "Assisted the team that",
    "Helped coordinate a project that",
]
GENERAL_SKILLS = ["Microsoft Office", "Customer Service", "Scheduling", "Data Entry", "Teamwork"]
UNIVERSITIES = _split(
    "University of Toronto; University of British Columbia; McGill University; "
    "Dalhousie University; University of Calgary; University of Ottawa; University of Manitoba; "
    "Toronto Metropolitan University; Carleton University"
)
COLLEGES = _split(
    "Humber College; George Brown College; Red River College; Algonquin College; "
    "Bow Valley College; Nova Scotia Community College"
)
# What a student does before graduating: (role, employer).
STUDENT_JOBS = _pairs("""
    Retail Associate: Shopwise Commerce
    Camp Counsellor: City of Mississauga
    Server: Harbourfront Bistro
""")
CITIES = [
    "Toronto, ON", "Vancouver, BC", "Montréal, QC", "Halifax, NS", "Calgary, AB", "Ottawa, ON",
    "Winnipeg, MB", "Mississauga, ON", "Hamilton, ON",
]  # fmt: skip
LANGUAGES = ["French", "Spanish", "Punjabi", "Mandarin", "Arabic", "Tagalog", "Portuguese"]
