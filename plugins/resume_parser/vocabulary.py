"""The curated skill vocabulary: one entry a line, `Canonical: alias, alias`.

A leading `~` (on the name or on one alias) marks a word that is also everyday language ("Go",
"Excel", "Research", "Sales"): it counts only inside a skills section. Names of three characters or
fewer ("C", "R", "SQL", "AWS") match only as written or in capitals.
"""

VOCABULARY = """
# --- programming languages
Python: python3
Java
JavaScript: js, ecmascript, javascript es6, es6
TypeScript
C++: cpp, c plus plus
C#: c sharp, csharp
~C
~Go: golang
~Rust: rustlang
~Ruby
PHP
Kotlin
~Swift: swiftui
Objective-C: objective c, objc
Scala
~R: r programming, rstats
MATLAB
Perl
Bash: bash scripting, shell scripting
PowerShell
SQL: structured query language
PL/SQL: plsql
T-SQL: tsql, transact-sql
~Dart
Elixir
Haskell
~Lua
~Julia
COBOL
Fortran
VBA: visual basic for applications, excel vba
Visual Basic: vb.net
~Assembly: assembly language
Solidity
~Groovy
# --- web and frameworks
HTML: html5
CSS: css3
Sass: scss
Tailwind CSS: tailwind, tailwindcss
~Bootstrap
React: react.js, reactjs
React Native
Angular: angularjs, angular.js
Vue.js: vue, vuejs, nuxt
~Svelte
Next.js: nextjs
Node.js: nodejs, ~Node
~Express.js: expressjs
Django: django rest framework, drf
~Flask
FastAPI
Spring Boot: spring framework
Ruby on Rails: rails
Laravel
ASP.NET: asp.net core
.NET: dotnet, .net core, .net framework
jQuery
GraphQL
REST APIs: restful apis, rest api, restful, restful services
gRPC
WebSockets
~Redux
~Webpack
~Flutter
Android Development: android, android sdk
iOS Development: ios
~Unity: unity3d
Unreal Engine
WordPress
~Shopify
~Drupal
# --- data, ML, analytics
Machine Learning: ml
Deep Learning
Natural Language Processing: nlp
Computer Vision
Data Analysis: data analytics
Data Science
Data Visualization: data visualisation
Data Engineering
~Statistics: statistical analysis
TensorFlow
PyTorch
Keras
scikit-learn: sklearn, scikit learn
Pandas
NumPy
SciPy
Matplotlib
Jupyter: jupyter notebook
~Spark: apache spark, pyspark
~Hadoop
Kafka: apache kafka
Airflow: apache airflow
dbt
ETL
Tableau
Power BI: powerbi, microsoft power bi
~Looker
Google Analytics
SAS
SPSS: ibm spss
Stata
~Snowflake
BigQuery: google bigquery
Databricks
A/B Testing: ab testing
Large Language Models: llms, llm
# --- databases
PostgreSQL: postgres, postgresql
MySQL
SQLite
Microsoft SQL Server: sql server, mssql
Oracle Database: oracle db, oracle sql
MongoDB: mongo
Redis
Elasticsearch: elastic search
Cassandra
DynamoDB
Firebase
Neo4j
# --- cloud and devops
AWS: amazon web services
Azure: microsoft azure
Google Cloud: gcp, google cloud platform
Docker
Kubernetes: k8s
~Terraform
~Ansible
~Jenkins
GitHub Actions
GitLab CI: gitlab ci/cd
CI/CD: continuous integration, continuous delivery
Git: github, gitlab
Linux: ubuntu, red hat linux, rhel
~Unix
~Nginx
Apache HTTP Server
~Serverless: aws lambda, lambda functions
~Microservices
DevOps
Site Reliability Engineering: sre
~Prometheus
~Grafana
~Datadog
~Splunk
~Networking: computer networking
TCP/IP
Cisco: cisco ios, ccna
Active Directory
VMware
Windows Server
~Cybersecurity: cyber security, information security, infosec
Penetration Testing: pen testing, pentesting
SIEM
Network Security
ITIL
Help Desk: helpdesk, service desk
Technical Support: tech support, it support
~Troubleshooting
# --- software practice
Agile: agile methodologies, agile methodology
Scrum: scrum master
~Kanban
Jira
Confluence
Test-Driven Development: tdd
Unit Testing
~Selenium
~Cypress
~Playwright
pytest
JUnit
~Jest
Quality Assurance: software testing, ~QA
Object-Oriented Programming: oop, object oriented programming
System Design
Software Architecture
API Design
Code Review
Technical Writing: documentation writing
# --- accessibility and assistive technology
~Accessibility: web accessibility, digital accessibility, a11y
WCAG: wcag 2.1, wcag 2.2, web content accessibility guidelines
ARIA: wai-aria
Section 508
AODA
JAWS: jaws screen reader
NVDA
VoiceOver
TalkBack
ZoomText
Dragon NaturallySpeaking: dragon speech recognition, ~Dragon
Screen Readers: screen reader
~Braille: braille transcription
American Sign Language: asl
British Sign Language: bsl
Sign Language
Assistive Technology
Closed Captioning: captioning
Audio Description
Plain Language: plain language writing
Inclusive Design
Usability Testing: ~Usability
Accessibility Auditing: accessibility audits, accessibility testing
axe DevTools: axe
# --- design
Figma
~Sketch
Adobe XD
Adobe Photoshop: photoshop
Adobe Illustrator: ~Illustrator
Adobe InDesign: indesign
Adobe After Effects: after effects
Adobe Premiere Pro: premiere pro
Adobe Creative Suite: creative cloud, adobe creative cloud
Adobe Acrobat: acrobat
Canva
InVision
UX Design: user experience design, ~UX, ~User Experience
UI Design: user interface design, ~UI
UX Research: user research
~Wireframing: wireframes
~Prototyping
Graphic Design
~Typography
~Branding: brand identity
~Illustration
Motion Graphics
Video Editing
~Photography
3D Modeling: 3d modelling
~Blender
AutoCAD
SolidWorks
Revit
SketchUp
Interaction Design
Design Systems
Information Architecture
# --- office and productivity
Microsoft Office: ms office, office 365, microsoft 365
~Excel: microsoft excel, ms excel
Microsoft Word: ms word
PowerPoint: microsoft powerpoint, ms powerpoint
~Outlook: microsoft outlook
~Access: microsoft access, ms access
Google Workspace: g suite, google docs, google sheets
SharePoint
Microsoft Teams: ms teams
~Slack
~Zoom
~Notion
~Trello
~Asana
Salesforce
HubSpot
Zendesk
SAP
Oracle ERP
~Workday
QuickBooks: quickbooks online
~Xero
~Sage
NetSuite
Data Entry
~Typing
Pivot Tables
VLOOKUP
# --- business, management, finance
Project Management: project planning
Program Management
Product Management
Stakeholder Management
Change Management
Risk Management
Operations Management
Supply Chain Management: supply chain
~Logistics
Inventory Management
~Procurement
Vendor Management
~Budgeting: budget management
~Forecasting
Financial Analysis
Financial Modeling: financial modelling
Financial Reporting
~Accounting
~Bookkeeping
Accounts Payable
Accounts Receivable
~Payroll
~Auditing: ~Audit
Tax Preparation: taxation
GAAP
IFRS
Corporate Finance
Investment Banking
~Valuation
Portfolio Management
Risk Analysis
Credit Analysis
Anti-Money Laundering: aml
~Compliance: regulatory compliance
Business Analysis
Business Intelligence
Strategic Planning
Market Research
PMP
Six Sigma: lean six sigma
~Lean: lean manufacturing
Process Improvement: continuous improvement
~Negotiation
Contract Management
Grant Writing
~Fundraising
Event Planning: event management
Human Resources: ~HR
~Recruiting: ~Recruitment, talent acquisition
~Onboarding
Employee Relations
Performance Management
Training and Development: ~Training
~Coaching
~Mentoring
# --- sales, marketing, communication
~Sales: b2b sales, b2c sales
Account Management
Business Development
Lead Generation
Customer Relationship Management: crm
Cold Calling
~Customer Service: ~Customer Support
Customer Success
Digital Marketing
Content Marketing
Social Media Marketing: ~Social Media
Search Engine Optimization: seo
Search Engine Marketing: sem
Email Marketing
Google Ads: adwords
Marketing Strategy
~Copywriting
Content Writing
~Editing: copy editing, proofreading
Public Relations
~Communications
Public Speaking
Presentation Skills: presentations
~Translation
~Interpretation: ~Interpreting
~Journalism
~Blogging
# --- healthcare
Patient Care
~Nursing
CPR: cpr certified
First Aid
Basic Life Support: bls
Advanced Cardiac Life Support: acls
Electronic Health Records: ehr, emr, electronic medical records
~Epic: epic systems
Cerner
Medical Terminology
Medical Billing
Medical Coding: icd-10, cpt coding
HIPAA
Phlebotomy
Vital Signs
Medication Administration
Wound Care
Infection Control
~Triage
Patient Education
Clinical Research
~Pharmacology
Physical Therapy: physiotherapy
Occupational Therapy
Speech-Language Pathology: speech therapy
~Mental Health
~Counseling: ~Counselling
Case Management
Social Work
Dental Hygiene
~Radiology
Laboratory Techniques: lab techniques
Home Care: home health care
~Caregiving
Dementia Care
~Telehealth
# --- education and social services
~Teaching
Curriculum Development
Lesson Planning
Classroom Management
Special Education
~Tutoring
Instructional Design
E-Learning: elearning
Learning Management Systems: lms, moodle, canvas lms
Early Childhood Education: ece
Child Care: childcare
Youth Work
Community Outreach
Volunteer Coordination
Crisis Intervention
~Advocacy
Disability Services
# --- trades, manufacturing, logistics
~Carpentry
~Plumbing
Electrical Wiring
HVAC
~Welding
~Machining
CNC Programming: cnc
Blueprint Reading
Forklift Operation: forklift
Heavy Equipment Operation
~Construction
Construction Management
~Landscaping
~Painting
~Masonry
~Roofing
Automotive Repair: auto repair
Diesel Mechanics
~Maintenance: facility maintenance, preventive maintenance
Quality Control
~Inspection
Assembly Line
Warehouse Operations: warehousing
Shipping and Receiving
Order Fulfillment
Inventory Control
OSHA
WHMIS
Lockout/Tagout: loto
Workplace Safety: health and safety
Commercial Driving: cdl
~Dispatching
Food Safety: food handling, haccp
~Cooking: culinary arts
Food Preparation
~Baking
~Bartending
~Barista
~Hospitality
~Housekeeping
~Cashiering: cash handling
Point of Sale: pos
~Retail
~Merchandising
Security Operations: ~Security Guard
# --- legal and public sector
Legal Research
Legal Writing
~Litigation
Contract Law
Paralegal
Intellectual Property
Policy Analysis
Public Policy
Government Relations
~Research
Data Collection
Report Writing
Administrative Support: office administration
~Scheduling: calendar management
~Reception
~Filing
~Transcription
~Bilingual
# --- science and engineering
Mechanical Engineering
Electrical Engineering
Civil Engineering
Chemical Engineering
Biomedical Engineering
Embedded Systems
PLC Programming: plc
Arduino
Raspberry Pi
FPGA
Verilog
VHDL
LabVIEW
Simulink
Finite Element Analysis: fea
CAD: computer-aided design
GIS: arcgis, qgis
Bioinformatics
Molecular Biology
~Microbiology
~Chemistry
PCR
Cell Culture
Environmental Science
~Sustainability
Renewable Energy
# --- soft skills
~Leadership: team leadership
~Teamwork: ~Collaboration
~Communication: communication skills, written communication, verbal communication
~Problem Solving: ~problem-solving
Critical Thinking
Time Management
~Attention to Detail: ~detail-oriented
~Adaptability
~Creativity
Conflict Resolution
Decision Making
~Organization: organizational skills, organisational skills
~Multitasking
Emotional Intelligence
Customer Focus
Cross-functional Collaboration
"""
