/** Refusals in Arabic, by their English template: see refusals-ar.ts. */
export const PEOPLE_AR: Readonly<Record<string, string>> = {
  // domain/protection/rules.ts
  'only a child is unaccompanied or separated: set child too':
    'لا يكون غير مصحوب أو منفصلًا عن مقدّمي الرعاية المعتادين إلا الطفل: حدِّد أنه طفل (child) أيضًا',
  'sheet {code} is a {kind} sheet, not a registration form':
    'الورقة {code} من نوع {kind}، وليست استمارة تسجيل',
  '{code} is erased': 'مُحيت بيانات {code}',
  '{code} has been handed over already': 'سُلِّم {code} من قبل',
  '{code} is not an unaccompanied or separated child with an open case':
    'ليس {code} تسجيلَ طفل غير مصحوب أو منفصل له حالة مفتوحة',
  '{code} is erased already': 'مُحيت بيانات {code} من قبل',
  'tracing request {code} is closed': 'طلب البحث {code} مغلق',
  'tracing request {code} is closed already': 'طلب البحث {code} مغلق من قبل',

  // domain/planning/rules.ts
  'place {place} is listed twice': 'المكان {place} مذكور مرتين',
  'vehicle {vehicle} starts at {depot}, not a place of the plan':
    'تنطلق المركبة {vehicle} من {depot}، وهو ليس من أماكن الخطة',
  'a leg of vehicle {vehicle} names {place}, not a place of the plan':
    'تذكر إحدى مراحل رحلات المركبة {vehicle} المكانَ {place}، وهو ليس من أماكن الخطة',
  'plan {code} is {status|status}: it can be adopted only once':
    'الخطة {code} {status|status}: لا تُعتمد الخطة إلا مرة واحدة',
  'plan {code} is not another proposed plan': 'الخطة {code} ليست خطة مقترحة أخرى',

  // app/protection/key-exchange.ts
  'the upstream key is not an X25519 public key (DER, base64)':
    'مفتاح الطرف الأعلى ليس مفتاحًا عامًا من نوع X25519 (بصيغة DER وترميز base64)',
  'personKeys.ephemeral is not an X25519 public key (DER, base64)':
    'المفتاح المؤقت (personKeys.ephemeral) ليس مفتاحًا عامًا من نوع X25519 (بصيغة DER وترميز base64)',
  'this node has no master key, so it takes no person keys: start it with --key-file or CORRIDOR_MASTER_KEY':
    'لا تملك هذه العقدة مفتاحًا رئيسيًا، فلا تقبل مفاتيح البيانات الشخصية: شغّلها مع --key-file أو CORRIDOR_MASTER_KEY',
  'personKeys.ephemeral gives no shared key: it is not a usable X25519 key':
    'لا يعطي المفتاح المؤقت (personKeys.ephemeral) مفتاحًا مشتركًا: ليس مفتاح X25519 صالحًا للاستعمال',
  "personKeys.keys[{i}] ({id}) does not open with this node's key: sealed for another node, or changed on the way":
    'لا يُفتح personKeys.keys[{i}] ({id}) بمفتاح هذه العقدة: شُفِّر لعقدة أخرى، أو تغيّر في الطريق',
  'a person key came for {id}, which is no subject of operation {operation}':
    'وصل مفتاح بيانات شخصية للمعرّف {id}، ولا يوجد صاحب بيانات بهذا المعرّف في العملية {operation}',
  '{id} is the id of two subjects here: no key is taken for it':
    'المعرّف {id} هنا لصاحبَي بيانات اثنين: لا يُقبل له أي مفتاح',
  'the person key sent for {id} does not open its data':
    'مفتاح البيانات الشخصية المرسل للمعرّف {id} لا يفتح بياناته',

  // app/protection/master-key.ts
  "the master key is not the one this database's personal data is wrapped with: it was rotated (restart the server with the key file as it is now) or the wrong key file or CORRIDOR_MASTER_KEY is given":
    'ليس هذا المفتاح الرئيسي هو الذي تُغلَّف به البيانات الشخصية في قاعدة البيانات هذه: إما أنه استُبدل (أعد تشغيل الخادم بملف المفتاح كما هو الآن)، وإما أن ملف المفتاح أو CORRIDOR_MASTER_KEY المعطى خاطئ',
  "the key file does not hold the key this database's personal data is wrapped with: nothing was changed":
    'لا يحوي ملف المفتاح المفتاحَ الذي تُغلَّف به البيانات الشخصية في قاعدة البيانات هذه: لم يتغيّر شيء',
  'the key file does not open the key of {id}: nothing was changed':
    'لا يفتح ملف المفتاح مفتاحَ {id}: لم يتغيّر شيء',
  'the database is busy with another process (a running server?): stop the server and run the rotation again':
    'قاعدة البيانات مشغولة بعملية أخرى (خادم قيد التشغيل؟): أوقف الخادم ثم أعد تدوير المفتاح',
  'a master key rotation did not finish ({file} exists): run corridor protection rotate-key to finish it':
    'لم يكتمل تدوير المفتاح الرئيسي (الملف {file} موجود): نفّذ corridor protection rotate-key لإكماله',
  'no key file at {file}: there is no master key to rotate':
    'لا يوجد ملف مفتاح في {file}: ليس هناك مفتاح رئيسي لتدويره',
  '{where} must hold a 32-byte key in base64': 'يجب أن يحوي {where} مفتاحًا من 32 بايت بترميز base64',

  // app/protection/personal-crypto.ts
  'personal data is not enabled on this server: start it with a master key (--key-file or CORRIDOR_MASTER_KEY)':
    'البيانات الشخصية غير مفعّلة على هذا الخادم: شغّله بمفتاح رئيسي (--key-file أو CORRIDOR_MASTER_KEY)',

  // app/protection/registrations.ts
  '{code} was registered at another site and its data cannot be read here (its key goes up the tree, to headquarters, never across): record the hand-over where it can be read':
    'سُجِّل {code} في موقع آخر ولا يمكن قراءة بياناته هنا (يصعد مفتاحه في الشجرة إلى القيادة، ولا ينتقل أبدًا بين المواقع): سجّل التسليم حيث يمكن قراءتها',

  // app/protection/sealed-check.ts
  '{code} is not a code this server gives ({pattern})': 'الرمز {code} ليس مما يعطيه هذا الخادم ({pattern})',
  '{field} is not sealed with the key of {id}: personal data is sealed by the server (use the protection routes)':
    'الحقل {field} غير مشفَّر بمفتاح {id}: الخادم هو من يشفّر البيانات الشخصية (استعمل مسارات الحماية)',

  // app/protection/subjects.ts
  'no {record|record} {ref} in operation {operation}':
    '{ref}: لا يوجد {record|record} بهذا المعرّف أو الرمز في العملية {operation}',
  'say why you read personal data: ?purpose= one of {purposes} (it is recorded with the read)':
    'اذكر غرض اطلاعك على البيانات الشخصية: ?purpose= بأحد هذه الأغراض: {purposes} (يُسجَّل الغرض مع الاطلاع)',

  // app/protection/tracing.ts
  'tracing request {code} has no key any more: a note cannot be sealed':
    'لم يعد لطلب البحث {code} مفتاح: لا يمكن تشفير ملاحظة له',

  // app/planning/plan-problem.ts
  'depot {depot}': 'المرآب {depot}',
  'pickup point {code}': 'نقطة التجمّع {code}',
  'no pickup point has people waiting: nothing to plan':
    'لا توجد نقطة تجمّع فيها أناس ينتظرون: لا شيء للتخطيط',
  'no planned or open corridor has a route to plan on: declare or open one, or give a network':
    'لا يوجد ممر مخطط له أو مفتوح له مسار يمكن التخطيط عليه: أعلن ممرًا أو افتحه، أو قدّم شبكة',
  '{place} is {km} km from the nearest route of a planned or open corridor: give a network, or declare a corridor that reaches it':
    '{place} على بعد {km} كم من أقرب مسار لممر مخطط له أو مفتوح: قدّم شبكة، أو أعلن ممرًا يبلغ هذا الموقع',
  'the operation has no reception point': 'لا توجد في العملية نقطة استقبال',
  'no reception point is within reach of a planned or open corridor':
    'لا توجد نقطة استقبال في متناول ممر مخطط له أو مفتوح',
  'the depots ask for at least {n} vehicles of kind {kind|kind}, but {free} are free to carry people':
    'تطلب المرائب {n, plural, one {مركبة واحدة} two {مركبتين} few {# مركبات} many {# مركبة} other {# مركبة}} على الأقل من نوع «{kind|kind}»، لكن المتاح منها لنقل الناس {free}',

  // app/planning/plan-runs.ts
  'the planner is already making a plan for this operation (asked at {startedAt}, done by about {ends}): wait for it':
    'المخطِّط يُعدّ الآن خطة لهذه العملية (طُلبت في {startedAt}، وتنتهي نحو {ends}): انتظرها',

  // app/planning/planning.ts
  'plan {code} is {status|status}: a plan is adopted once, if at all':
    'الخطة {code} {status|status}: تُعتمد الخطة مرة واحدة، إن اعتُمدت أصلًا',
  'plan {code}: the trips from {from} to {to} follow no planned or open corridor, so no convoy can be planned for them':
    'الخطة {code}: الرحلات من {from} إلى {to} لا تسلك أي ممر مخطط له أو مفتوح، فلا يمكن تخطيط قافلة لها',
  'plan {code} cannot be adopted: {n} of its vehicles is now on other convoys: {vehicles}; make a new plan':
    'لا يمكن اعتماد الخطة {code}: {n, plural, one {مركبة واحدة} two {مركبتان} few {# مركبات} many {# مركبة} other {# مركبة}} من مركباتها على قوافل أخرى الآن: {vehicles}؛ أعدّ خطة جديدة',
  'plan {code} cannot be adopted: {n} of its vehicles are now on other convoys: {vehicles}; make a new plan':
    'لا يمكن اعتماد الخطة {code}: {n, plural, one {مركبة واحدة} two {مركبتان} few {# مركبات} many {# مركبة} other {# مركبة}} من مركباتها على قوافل أخرى الآن: {vehicles}؛ أعدّ خطة جديدة',
  'plan {code} cannot be adopted: {plan} is adopted and {n} of its convoys has yet to arrive ({convoys}): the people waiting are planned for already':
    'لا يمكن اعتماد الخطة {code}: الخطة {plan} معتمدة، ولم تصل بعدُ {n, plural, one {قافلة واحدة} two {قافلتان} few {# قوافل} many {# قافلة} other {# قافلة}} من قوافلها ({convoys}): الناس المنتظرون مشمولون بخطة من قبل',
  'plan {code} cannot be adopted: {plan} is adopted and {n} of its convoys have yet to arrive ({convoys}): the people waiting are planned for already':
    'لا يمكن اعتماد الخطة {code}: الخطة {plan} معتمدة، ولم تصل بعدُ {n, plural, one {قافلة واحدة} two {قافلتان} few {# قوافل} many {# قافلة} other {# قافلة}} من قوافلها ({convoys}): الناس المنتظرون مشمولون بخطة من قبل',
  "plan {code} cannot be adopted: a convoy on {corridor} would leave at {leaves}, outside the corridor's opening windows ({windows}); make a plan whose minute 0 falls inside them":
    'لا يمكن اعتماد الخطة {code}: ستغادر قافلة على الممر {corridor} في {leaves}، خارج نوافذ افتتاح الممر ({windows})؛ أعدّ خطة تقع دقيقتها 0 داخلها',

  // planner/instance.ts, planner/schedule.ts: what the planner cannot solve as given
  '{seated} seated people to move but the reception points take {capacity}':
    'عدد الجالسين المطلوب نقلهم {seated}، ولا تتسع نقاط الاستقبال إلا لـ{capacity}',
  '{stretcher} stretcher cases to move but the reception points take {capacity}':
    'عدد حالات النقالات المطلوب نقلها {stretcher}، ولا تتسع نقاط الاستقبال إلا لـ{capacity}',
  'pickup {pickup} has seated people but no vehicle has seats':
    'في نقطة التجمّع {pickup} أشخاص جالسون، ولا توجد مركبة فيها مقاعد',
  'pickup {pickup} has stretcher cases but no vehicle carries stretchers':
    'في نقطة التجمّع {pickup} حالات نقالات، ولا توجد مركبة تحمل نقالات',
  'pickup {pickup}: no open road to any reception point':
    'نقطة التجمّع {pickup}: لا طريق مفتوحًا إلى أي نقطة استقبال',
  'pickup {pickup}: no open road from any depot with vehicles':
    'نقطة التجمّع {pickup}: لا طريق مفتوحًا إليها من أي مرآب فيه مركبات',
  'pickup {pickup}: no open road to a reception point that takes stretcher cases':
    'نقطة التجمّع {pickup}: لا طريق مفتوحًا إلى نقطة استقبال تستقبل حالات النقالات',
  'no open road from {from} to {to} at any time after minute {minute}':
    'لا طريق مفتوحًا من {from} إلى {to} في أي وقت بعد الدقيقة {minute}',
  // app/planning/planning.ts: the items of a list
  '{vehicle} ({convoy}, {status|status})': '{vehicle} ({convoy}، {status|status})',
  '{start} to {end}': 'من {start} إلى {end}',
};
