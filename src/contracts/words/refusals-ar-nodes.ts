/** Refusals in Arabic, by their English template: see refusals-ar.ts. */
export const NODES_AR: Readonly<Record<string, string>> = {
  // app/access/accounts.ts
  'a user with email {email} exists already': 'يوجد من قبل مستخدم بالبريد الإلكتروني {email}',
  'no user {email}': 'لا يوجد مستخدم بالبريد الإلكتروني {email}',
  '{email} is not a member of {operation}': 'لا عضوية لـ {email} في العملية {operation}',
  '{email} is disabled already': 'الحساب {email} معطَّل من قبل',
  'too many failed sign-ins: wait before trying again':
    'محاولات تسجيل دخول فاشلة كثيرة: انتظر قبل أن تحاول مجددًا',
  'the email or the password is wrong': 'البريد الإلكتروني أو كلمة المرور غير صحيحة',
  'you are a member of several operations: say which (operationId)':
    'أنت عضو في عدة عمليات: حدّد واحدة منها (operationId)',
  'this token is not a session (revoke tokens with `corridor token revoke`)':
    'هذا الرمز ليس جلسة تسجيل دخول (تُلغى الرموز بالأمر `corridor token revoke`)',

  // app/access/permissions.ts
  'the {role|role} role may not record {type}': 'لا يجوز لدور {role|role} تسجيل {type}',
  'the protection role prints registration forms only, not {kind} sheets':
    'يطبع دور مسؤول الحماية استمارات التسجيل فقط، لا أوراق {kind}',
  'this device token records {source|source} passages with deviceId {device} only':
    'لا يسجّل رمز هذا الجهاز إلا عدًّا مصدره {source|source} ومعرّف جهازه (deviceId) ‏{device}',
  'this device token records no passages with deviceId - only':
    'لا يسمّي رمز هذا الجهاز جهازًا، فلا يسجّل أي عدّ',
  'the {role|role} role may not call {method} {path}': 'لا يجوز لدور {role|role} استدعاء {method} {path}',
  'this token is not for operation {operation}': 'هذا الرمز ليس للعملية {operation}',
  '{record} belongs to another organisation: only it, or a coordinator, may change it':
    '{record}: هذا السجل لمنظمة أخرى، ولا يغيّره إلا هي أو منسّق',
  'tally {id}': 'العدّ {id}',
  'clearance task {id}': 'مهمة التطهير {id}',

  // app/access/token-admin.ts
  'no token {id} in operation {operation}': 'لا يوجد رمز دخول بالمعرّف {id} في العملية {operation}',

  // app/access/tokens.ts
  'operation {operation} does not exist (load a scenario or import events first)':
    'العملية {operation} غير موجودة (حمّل سيناريو أو استورد أحداثًا أولًا)',
  'organisation {organisation} is not part of operation {operation}':
    'المنظمة {organisation} ليست جزءًا من العملية {operation}',
  'operation {operation} has no coordinating body: name the organisation with --org':
    'لا جهة تنسيق للعملية {operation}: سمِّ المنظمة بالخيار --org',
  'a site token needs the site of the node that uses it (--site POST-3)':
    'يحتاج رمز الموقع إلى موقع العقدة التي تستخدمه (--site POST-3)',
  'only a site token names a site': 'لا يسمّي موقعًا إلا رمز الموقع',
  'only a site token grants roles (--grant)': 'لا يمنح الأدوار إلا رمز الموقع (--grant)',
  'a device token needs the device kind (camera, drone or position) and its id':
    'يحتاج رمز الجهاز إلى نوع الجهاز (camera أو drone أو position) ومعرّفه',
  'only a device token has a device kind and id': 'لا يحمل نوع جهاز ومعرّفه إلا رمز الجهاز',
  'a device is a {kinds}': 'نوع الجهاز أحد ما يلي: {kinds}',
  'a device id is 1 to 64 letters, digits and . _ : -':
    'معرّف الجهاز من 1 إلى 64 حرفًا لاتينيًا أو رقمًا أو من الرموز . _ : -',
  'a site token grants one or more of the roles that record: {roles} (not none)':
    'يمنح رمز الموقع دورًا واحدًا على الأقل من الأدوار التي تسجّل: {roles} (لم يُذكر أي دور)',
  'a site token grants one or more of the roles that record: {roles} (not {given})':
    'يمنح رمز الموقع دورًا واحدًا على الأقل من الأدوار التي تسجّل: {roles} (وليس منها {given})',
  "this node's own upstream grants it no role: it cannot grant {roles}":
    'لا تمنح العقدة الأعلى هذه العقدة أي دور: فلا يمكنها منح {roles}',
  "this node's own upstream grants it {own}: it cannot grant {roles}":
    'ما تمنحه العقدة الأعلى لهذه العقدة: {own}؛ فلا يمكنها منح {roles}',
  'no active token {id}': 'لا يوجد رمز دخول ساري المفعول بالمعرّف {id}',

  // app/sync/conflicts.ts
  'code {code} has the shape of a code given at another site (PREFIX-TAG-N): give a plain one, or none':
    'للرمز {code} شكل رمز يُعطى في موقع آخر (PREFIX-TAG-N): أعطِ رمزًا بسيطًا، أو لا تعطِ رمزًا',
  'codes given at this site carry its tag, like {prefix}-{tag}-1: give one of those, or none':
    'تحمل الرموز التي تُعطى في هذا الموقع وسمه، مثل {prefix}-{tag}-1: أعطِ رمزًا منها، أو لا تعطِ رمزًا',

  // app/sync/grants.ts
  'the {role|role} role': 'دور {role|role}',
  'the {roles} role': 'دور {roles}',
  '{type} is recorded by {who}': 'يُسجَّل {type} على يد {who}',
  '{role|role} or {other|role}': '{role|role} أو {other|role}',
  '{role|role} or {others}': '{role|role} أو {others}',
  'no role': 'لا دور',
  "{who}, and this node's site token grants {grants}: its upstream would not take it. Record it at headquarters, or have the site token made again with --grant":
    '{who}، ورمز موقع هذه العقدة يمنح: {grants}؛ فلن تقبله العقدة الأعلى. سجّله في القيادة، أو اطلب إنشاء رمز الموقع من جديد مع --grant',
  '{who}, and {whose} grants {grants}': '{who}، و{whose} يمنح: {grants}',

  // app/sync/links.ts
  'the links to the upstream are not made yet': 'لم تُنشأ بعد الروابط مع العقدة الأعلى',

  // app/sync/replication.ts
  'only a site token replicates: make one with `corridor token create --role site`':
    'لا يتزامن إلا رمز موقع: أنشئ واحدًا بالأمر `corridor token create --role site`',
  'events[{index}] is of operation {theirs}, not {operation}':
    'الحدث events[{index}] من العملية {theirs}، لا من العملية {operation}',
  "events[{index}] has no place in its site's chain (prevHash, hash)":
    'ليس للحدث events[{index}] موضع في سلسلة موقعه (prevHash, hash)',
  'events[{index}] is {type}: recorded at headquarters only, never sent up':
    'الحدث events[{index}] من نوع {type}: يُسجَّل في القيادة فقط، ولا يُرسل إلى الأعلى أبدًا',
  "site {site}'s token": 'رمز الموقع {site}',
  "this node's own site token": 'رمز موقع هذه العقدة نفسها',
  'events[{index}]: {reason}': 'الحدث events[{index}]: {reason}',
  'site {site} may not send events of site {origin}: it has a token of its own':
    'لا يجوز للموقع {site} إرسال أحداث الموقع {origin}: فلذلك الموقع رمز خاص به',
  'site {site} may not send events of site {origin}: they are made here':
    'لا يجوز للموقع {site} إرسال أحداث الموقع {origin}: فهي تُسجَّل هنا',
  'site {site} may not send events of site {origin}: that site replicates through another node':
    'لا يجوز للموقع {site} إرسال أحداث الموقع {origin}: فذلك الموقع يتزامن عبر عقدة أخرى',

  // app/sync/site-names.ts
  "{site} is this node's own site: a site token is for another node":
    '{site} هو موقع هذه العقدة نفسها: رمز الموقع لعقدة أخرى',
  "site {site} would give codes like site {other}'s (CVY-{tag}-1): choose another id":
    'سيعطي الموقع {site} رموزًا كرموز الموقع {other} (CVY-{tag}-1): اختر معرّفًا آخر',
  "site {site} already replicates through site {parent}'s node: if that is wrong, {parent} took its name before it connected (see docs/sync.md)":
    'الموقع {site} يتزامن من قبل عبر عقدة الموقع {parent}: إن كان ذلك خطأ، فقد أخذ {parent} اسمه قبل أن يتصل (انظر docs/sync.md)',
  "no site {site} replicates through this node (see the status's sites)":
    'لا يتزامن عبر هذه العقدة موقع باسم {site} (انظر المواقع في حالة التزامن)',
  'site {site} has a token of its own here: it replicates for itself':
    'للموقع {site} رمز خاص به هنا: فهو يتزامن عن نفسه',
  'no site {under} replicates through this node to take {site} under it':
    'لا يتزامن عبر هذه العقدة موقع باسم {under} ليُلحق به {site}',
  'site {under} is {site} or below it': 'الموقع {under} هو {site} أو تابع له',

  // app/sync/upstream.ts
  "this node's chain forked from its upstream's: {fork}":
    'تفرّعت سلسلة هذه العقدة عن سلسلتها لدى العقدة الأعلى: {fork}',
  'this node has not yet confirmed its own sequence with its upstream {url}{error}; changes are kept by the sender and accepted once it has':
    'لم تؤكد هذه العقدة بعد تسلسلها مع العقدة الأعلى {url}{error}؛ يحتفظ المرسل بالتغييرات، وتُقبل حين يتم التأكيد',

  // app/log/envelopes.ts
  '{n} problem(s) in the submitted events: {problems}':
    '{n, plural, one {مشكلة واحدة} two {مشكلتان} few {# مشكلات} many {# مشكلة} other {# مشكلة}} في الأحداث المرسلة: {problems}',
  'event {index}: {type} is recorded at headquarters only': 'الحدث {index}: ‏{type} يُسجَّل في القيادة فقط',
  "event {index}: originSite and originSeq are given by the node that records the event (here {site}); another site's events reach it by replication":
    'الحدث {index}: تعطي العقدة التي تسجّل الحدث قيمتي originSite و originSeq (هنا {site})؛ وتصل أحداث المواقع الأخرى بالتزامن',
  'event {index}: originSite and originSeq come together':
    'الحدث {index}: يُعطى originSite و originSeq معًا، أو لا يُعطى أي منهما',

  // app/log/idempotency.ts
  'event {index}: the id {id} is already used for another change (it differs in {fields})':
    'الحدث {index}: المعرّف {id} مستخدم من قبل لتغيير آخر (يختلف في {fields})',

  // app/log/record-changes.ts
  'event {index}: {reason}': 'الحدث {index}: {reason}',
  'event {index}: the id {id} is already used': 'الحدث {index}: المعرّف {id} مستخدم من قبل',

  // app/log/transfer.ts
  'line {line}': 'السطر {line}',
  '{file}, line {line}': '{file}، السطر {line}',
  '{where} is not JSON': '{where}: ليس JSON',
  '{where} is not an exported event: {problems}': '{where}: ليس حدثًا مُصدَّرًا: {problems}',
  'the exports hold events of {n} operations ({operations}): restore one at a time, from exports made with --operation':
    'تحوي الملفات المُصدَّرة أحداث {n, plural, one {عملية واحدة} two {عمليتين} few {# عمليات} many {# عملية} other {# عملية}} ({operations}): استعد عملية واحدة في كل مرة، من ملفات مُصدَّرة مع --operation',

  // app/log/tx-view.ts, store/store-tx.ts
  'the event changes {table} {id}, which is not recorded here': 'يغيّر الحدث {table} {id}، وهو غير مسجّل هنا',
  'an event or record with the same id was recorded meanwhile': 'سُجّل في الأثناء حدث أو سجلّ بالمعرّف نفسه',

  // api/routes.ts, api/console/routes.ts, api/sync/routes.ts, api/stream.ts
  'the request has no body; send JSON': 'لا محتوى في الطلب؛ أرسل JSON',
  'the body is not valid JSON: {reason}': 'محتوى الطلب ليس JSON صالحًا: {reason}',
  'no operation {operation}': 'لا توجد عملية بالمعرّف {operation}',
  'the body is not gzip, or unpacks to more than 64 MiB':
    'محتوى الطلب ليس gzip، أو يتجاوز 64 MiB بعد فك ضغطه',
  'the status is of one operation: use a token for it': 'حالة التزامن تخص عملية واحدة: استخدم رمز دخول لها',
  'after (or Last-Event-ID) is the sequence number to resume after: a whole number':
    'after (أو Last-Event-ID) هو الرقم التسلسلي الذي يُستأنف بعده: عدد صحيح',

  // api/: what the API refuses itself, before any rule
  'send Authorization: Bearer <token> (see `corridor token create`)':
    'أرسل الترويسة Authorization: Bearer <token> (انظر `corridor token create`)',
  'the token is unknown, revoked or expired': 'رمز الدخول غير معروف أو أُلغي أو انتهت صلاحيته',
  'too many requests: slow down and retry after the time given':
    'طلبات كثيرة جدًّا: تمهّل وأعد المحاولة بعد المدة المذكورة',
  'no route {method} {path}': 'لا يوجد مسار {method} {path}',
  'the body is larger than {size}': 'محتوى الطلب أكبر من {size}',
  'the path has malformed percent-encoding': 'ترميز النسبة المئوية في المسار غير سليم',
  'the database is busy with maintenance; retry in a few seconds':
    'قاعدة البيانات مشغولة بالصيانة؛ أعد المحاولة بعد ثوانٍ',
  'internal error; the request may not have been applied': 'خطأ داخلي؛ ربما لم يُنفَّذ الطلب',

  // store/store-tx.ts: a site's chain as this node holds it
  'event {id} is number {seq} of site {site}, which this node already holds another event as':
    'الحدث {id} هو الرقم {seq} من أحداث الموقع {site}، وتحمل هذه العقدة حدثًا آخر بهذا الرقم',
  "event {id} is number {seq} of site {site}, but this node holds that site's events up to {head} only: events {first} to {last} are missing":
    'الحدث {id} هو الرقم {seq} من أحداث الموقع {site}، ولا تحمل هذه العقدة من أحداث هذا الموقع إلا حتى الرقم {head}: الأحداث من {first} إلى {last} ناقصة',
  "event {id} (number {seq} of site {site}) does not link to that site's chain here: a forked chain":
    'الحدث {id} (الرقم {seq} من أحداث الموقع {site}) لا يتصل بسلسلة هذا الموقع هنا: سلسلة متفرّعة',
  'event {id} (number {seq} of site {site}) does not match its hash: it was changed after it was recorded':
    'الحدث {id} (الرقم {seq} من أحداث الموقع {site}) لا يطابق بصمته: غُيِّر بعد تسجيله',
};
