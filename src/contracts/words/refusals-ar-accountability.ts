/** Refusals in Arabic, by their English template: see refusals-ar.ts. */
export const ACCOUNTABILITY_AR: Readonly<Record<string, string>> = {
  // domain/accountability/rules.ts: convoys and their manifests
  'corridor {corridor} is closed: no convoy can be planned on it':
    'الممر {corridor} مغلق: لا يمكن تخطيط أي قافلة عليه',
  'plan {plan} is {status|status}: only an adopted plan has convoys':
    'الخطة {plan} {status|status}: لا قوافل إلا للخطة المعتمدة',
  'a vehicle is listed twice in the convoy': 'مركبة مذكورة مرتين في القافلة (vehicleIds)',
  'vehicle {vehicle} is already on convoy {convoy}': 'المركبة {vehicle} في القافلة {convoy} من قبل',
  'convoy {convoy} has arrived: its manifest can no longer change':
    'وصلت القافلة {convoy}: لم يعد ممكنًا تغيير قائمة ركابها',
  'sheet {sheet} is a {kind} sheet, not a {expected} sheet':
    'الورقة {sheet} من نوع {kind}، لا من نوع {expected}',
  'sheet {sheet} is of another convoy': 'الورقة {sheet} لقافلة أخرى',
  'sheet {sheet} is of another checkpoint': 'الورقة {sheet} لنقطة تفتيش أخرى',
  'convoy {convoy} cannot go from {from|status} to {to|status}':
    'لا يمكن أن تنتقل القافلة {convoy} من الحالة «{from|status}» إلى الحالة «{to|status}»',
  'convoy {convoy} cannot board: vehicle {vehicle} is still on convoy {busy} ({status|status})':
    'لا يمكن بدء الصعود إلى القافلة {convoy}: المركبة {vehicle} ما زالت في القافلة {busy} (الحالة: {status|status})',
  'convoy {convoy} has no vehicles, so it cannot depart': 'لا مركبات في القافلة {convoy}، فلا يمكن أن تنطلق',
  'convoy {convoy} has no manifest: record one before it departs':
    'لا قائمة ركاب للقافلة {convoy}: سجّل قائمتها قبل أن تنطلق',
  'convoy {convoy} cannot depart: corridor {corridor} is {status|status}':
    'لا يمكن أن تنطلق القافلة {convoy}: الممر {corridor} {status|status}',
  'convoy {convoy} cannot depart at {at}: corridor {corridor} opened at {opened}':
    'لا يمكن أن تنطلق القافلة {convoy} في {at}: فُتح الممر {corridor} في {opened}',
  'convoy {convoy} cannot depart at {at}: outside the opening windows of corridor {corridor}':
    'لا يمكن أن تنطلق القافلة {convoy} في {at}: هذا الوقت خارج نوافذ فتح الممر {corridor}',

  // domain/accountability/rules.ts: tallies (passages), their corrections and alerts
  'passage {passage} exists already': 'العدّ {passage} مسجّل من قبل',
  'a reason goes with a correction: say which tally it corrects':
    'السبب (reason) يرافق التصحيح: اذكر العدّ الذي يصحّحه (corrects)',
  'a passage is at a checkpoint or at a reception point, not both':
    'يكون العدّ عند نقطة تفتيش أو عند نقطة استقبال، لا عند كلتيهما',
  'a {source|source} passage needs its checkpointId or receptionPointId':
    'العدّ من المصدر «{source|source}» يحتاج إلى نقطة التفتيش (checkpointId) أو نقطة الاستقبال (receptionPointId)',
  'a passage needs a checkpointId, a receptionPointId or a location':
    'يحتاج العدّ إلى نقطة تفتيش (checkpointId) أو نقطة استقبال (receptionPointId) أو موقع (location)',
  'a {source|source} report counts vehicles, not people':
    'بلاغ المصدر «{source|source}» يعدّ المركبات لا الأشخاص',
  'give people by category or peopleTotal, not both':
    'اذكر الأشخاص حسب الفئة (people) أو مجموعهم (peopleTotal)، لا الاثنين معًا',
  'a passage must count people, stretcher cases or vehicles':
    'يجب أن يذكر العدّ عدد الأشخاص أو حالات النقالة أو المركبات',
  'a tally of some vehicles must name them (vehicleIds or plates)':
    'عدّ بعض المركبات يجب أن يسمّيها (vehicleIds أو plates)',
  'convoy {convoy} does not travel through the checkpoint of this passage':
    'القافلة {convoy} لا تمرّ بنقطة التفتيش التي سُجّل عندها هذا العدّ',
  'convoy {convoy} has {limit} tallies here already: correct or void one rather than add more':
    'سُجّل للقافلة {convoy} هنا الحدّ الأقصى من العدّ ({limit}): صحّح عدًّا أو ألغِه بدل إضافة المزيد',
  'the tally names {n} vehicle not on convoy {convoy}':
    'يذكر العدّ {n, plural, one {مركبة واحدة} two {مركبتين} few {# مركبات} many {# مركبة} other {# مركبة}} من خارج القافلة {convoy}',
  'the tally names {n} vehicles not on convoy {convoy}':
    'يذكر العدّ {n, plural, one {مركبة واحدة} two {مركبتين} few {# مركبات} many {# مركبة} other {# مركبة}} من خارج القافلة {convoy}',
  'say why the earlier tally is corrected': 'اذكر سبب تصحيح العدّ السابق (reason)',
  'tally {tally} is void: record a new tally instead': 'العدّ {tally} ملغى: سجّل عدًّا جديدًا بدلًا منه',
  'tally {tally} is already corrected by {later}: correct that one':
    'العدّ {tally} صحّحه من قبل العدّ {later}: صحّح ذاك',
  'a correction is counted where the tally it corrects was': 'يُسجَّل التصحيح حيث سُجّل العدّ الذي يصحّحه',
  'a {source|source} count cannot correct a {earlier|source} count':
    'لا يصحّح عدُّ المصدر «{source|source}» عدَّ المصدر «{earlier|source}»',
  'tally {tally} is of no known convoy: match it to its convoy before correcting it':
    'العدّ {tally} لا يخصّ قافلة معروفة: اربطه بقافلته قبل تصحيحه',
  'a correction names the convoy of the tally it corrects': 'يذكر التصحيح قافلة العدّ الذي يصحّحه (convoyId)',
  'tally {tally} is already void ({reason})': 'العدّ {tally} ملغى من قبل ({reason})',
  'tally {tally} is corrected by {later}: void or correct that one':
    'العدّ {tally} صحّحه العدّ {later}: ألغِ ذاك أو صحّحه',
  'tally {tally} is void: it counts for no convoy': 'العدّ {tally} ملغى: لا يُحتسب لأي قافلة',
  'the passage is already matched to another convoy': 'هذا العدّ مربوط من قبل بقافلة أخرى',
  'convoy {convoy} does not travel through checkpoint {checkpoint}':
    'القافلة {convoy} لا تمرّ بنقطة التفتيش {checkpoint}',
  'alert {alert} is {status|status}, not open': 'التنبيه {alert} {status|status}، وليس مفتوحًا',
  'alert {alert} is already resolved': 'التنبيه {alert} محلول من قبل',

  // domain/accountability/manifest.ts
  '{field} ({count}) cannot exceed the {total} people on the manifest':
    '{field} ({count}) لا يمكن أن يتجاوز عدد الأشخاص في قائمة الركاب ({total})',
  '{unaccompanied} unaccompanied and {separated} separated children, but only {children} children on the manifest':
    'أطفال غير مصحوبين: {unaccompanied}، ومنفصلون عن ذويهم: {separated}، لكن عدد الأطفال في قائمة الركاب {children} فقط',
  'vehicle {vehicle} is not on convoy {convoy}': 'المركبة {vehicle} ليست من مركبات القافلة {convoy}',
  'vehicle {vehicle} is listed twice': 'المركبة {vehicle} مذكورة مرتين',
  "the vehicles' loads do not add up to the manifest ({fields})":
    'مجموع حمولات المركبات لا يساوي قائمة الركاب ({fields})',
  "items by vehicle need the manifest's own carried: their sum, kind by kind":
    'ما يحمله الناس حسب المركبة يتطلب أن تذكره قائمة الركاب نفسها (carried): مجموعه، صنفًا صنفًا',
  'items by vehicle are given for every vehicle or for none':
    'ما يحمله الناس حسب المركبة يُذكر لكل المركبات أو لا يُذكر لأي منها',
  "each vehicle counts the manifest's kinds of items ({kinds}; 0 where it carries none), not {other}":
    'تعدّ كل مركبة أصناف قائمة الركاب ({kinds}؛ و0 حيث لا تحمل منها شيئًا)، لا {other}',
  "the items the vehicles carry do not add up to the manifest's ({kinds})":
    'مجموع ما تحمله المركبات لا يساوي ما في قائمة الركاب ({kinds})',
  'convoy {convoy} carries {people} people ({stretcherCases} on stretchers) in {seats} seats and {stretchers} stretchers':
    'القافلة {convoy} تنقل {people, plural, one {شخصًا واحدًا} two {شخصين} few {# أشخاص} many {# شخصًا} other {# شخص}} ({stretcherCases} منهم على نقالات) في {seats, plural, one {مقعد واحد} two {مقعدين} few {# مقاعد} many {# مقعدًا} other {# مقعد}} و{stretchers, plural, one {نقالة واحدة} two {نقالتين} few {# نقالات} many {# نقالة} other {# نقالة}}',
  '{vehicle} carries {people} people ({stretcherCases} on stretchers) in {seats} seats and {stretchers} stretchers':
    'المركبة {vehicle} تنقل {people, plural, one {شخصًا واحدًا} two {شخصين} few {# أشخاص} many {# شخصًا} other {# شخص}} ({stretcherCases} منهم على نقالات) في {seats, plural, one {مقعد واحد} two {مقعدين} few {# مقاعد} many {# مقعدًا} other {# مقعد}} و{stretchers, plural, one {نقالة واحدة} two {نقالتين} few {# نقالات} many {# نقالة} other {# نقالة}}',

  // domain/paper/rules.ts
  "sheet {sheet} is a registration form: it is entered as the person's registration (PersonRegistered with its sheetId)":
    'الورقة {sheet} استمارة تسجيل: تُدخل بوصفها تسجيل الشخص (PersonRegistered مع sheetId الخاص بها)',
  'sheet {sheet} was entered at {at}, with something else written on it: what it holds is recorded once':
    'أُدخلت الورقة {sheet} في {at} وعليها ما يختلف عن هذا: ما تحويه يُسجَّل مرة واحدة',
  'a {kind} sheet needs {field}': 'ورقة من نوع {kind} تحتاج إلى {field}',
  'a {kind} sheet is not of a day': 'ورقة من نوع {kind} لا تخصّ يومًا',
  'a {kind} sheet is not of a convoy': 'ورقة من نوع {kind} لا تخصّ قافلة',
  'a {kind} sheet is not of a checkpoint': 'ورقة من نوع {kind} لا تخصّ نقطة تفتيش',
  '{day} is before the operation began ({began})': 'اليوم {day} يسبق بدء العملية ({began})',
  '{day} is more than a year ahead: print a tally sheet for a day the operation will work':
    'اليوم {day} بعد أكثر من سنة من الآن: اطبع ورقة عدّ ليوم ستعمل فيه العملية',

  // app/paper/entry.ts
  '{day} {time} is not a time': '{day} {time} ليس وقتًا صحيحًا',

  // app/paper/registration-entry.ts
  "sheet {sheet} was entered as registration {registration}, whose personal data was erased on {day}: an erased registration's form is not entered again":
    'أُدخلت الورقة {sheet} بوصفها التسجيل {registration}، وقد مُحيت بياناته الشخصية في {day}: لا تُدخل استمارة تسجيل ممحوّ مرة أخرى',
  'sheet {sheet} was entered as registration {registration} with other details: a form is entered once; correct the registration on the protection page':
    'أُدخلت الورقة {sheet} بوصفها التسجيل {registration} بتفاصيل أخرى: تُدخل الاستمارة مرة واحدة؛ صحّح التسجيل في صفحة الحماية',

  // app/paper/sheets.ts
  'this is not the code of a Corridor sheet: {text}': 'هذا ليس رمز ورقة من أوراق الممر (Corridor): {text}',

  // app/accountability/ingest.ts
  'the ingest endpoint takes device tokens (corridor token create --role device)':
    'نقطة الإدخال (ingest) تقبل رموز الأجهزة فقط (corridor token create --role device)',
  'invalid observation {index}: {problems}': 'الملاحظة (observation) رقم {index} غير صالحة: {problems}',
  'OpenDataCam counts come from camera tokens': 'أعداد OpenDataCam تُرسل برموز الكاميرات فقط',
  'the export has no crossings of that line (and direction)':
    'لا يتضمن الملف المُصدَّر أي عبور لذلك الخط (وفي ذلك الاتجاه)',

  // app/accountability/reconciliation.ts
  'the accountability rules are off in this process': 'قواعد المساءلة معطّلة في هذا الخادم',
  'no convoy {convoy}': 'لا توجد قافلة {convoy}',
};
