/**
 * The server's refusals in Arabic, by their English template (`said(...)` in domain/, app/ and api/).
 * A test (`refusals.test.ts`) finds every template in the source and asks for its Arabic here, with
 * the same placeholders, and for nothing the source no longer says. Each capability keeps its own.
 */
import { ACCOUNTABILITY_AR } from './refusals-ar-accountability.js';
import { PASSAGE_AR } from './refusals-ar-passage.js';
import { PEOPLE_AR } from './refusals-ar-people.js';
import { NODES_AR } from './refusals-ar-nodes.js';

/** What every capability's rules say (references, codes, the order of changes). */
const SHARED_AR: Readonly<Record<string, string>> = {
  '{field} {id} is not a {record|record} of operation {operation}':
    '{field} {id}: ليس في العملية {operation} سجلٌّ بهذا المعرّف من نوع «{record|record}»',
  '{record|record} {id} exists already': 'المعرّف {id} مستخدم من قبل («{record|record}»)',
  'code {code} is already used in operation {operation}': 'الرمز {code} مستخدم من قبل في العملية {operation}',
  '{record|record} {code}: a change at {at} cannot come before the last one, at {last}':
    '{record|record} {code}: لا يمكن أن يسبق تغييرٌ في {at} آخرَ تغيير، في {last}',
  'occurredAt {at} is in the future': 'وقت الحدث (occurredAt) ‏{at} في المستقبل',
  'operation {operation} exists already': 'العملية {operation} موجودة من قبل',
  'operation {operation} does not exist': 'العملية {operation} غير موجودة',
  'event {index} ({type}): {reason}': 'الحدث {index} ({type}): {reason}',
};

export const REFUSALS_AR: Readonly<Record<string, string>> = {
  ...SHARED_AR,
  ...ACCOUNTABILITY_AR,
  ...PASSAGE_AR,
  ...PEOPLE_AR,
  ...NODES_AR,
};

/** Words of the records a refusal names (`{record|record}`), by the table's name in the singular. */
export const RECORD_WORDS_AR: Readonly<Record<string, string>> = {
  'record.sheet': 'الورقة',
  'record.tracing review': 'مراجعة طلب البحث',
  'record.tracing request': 'طلب البحث',
  'record.registration': 'التسجيل',
  'record.family group': 'المجموعة العائلية',
  'record.aid delivery': 'تسليم المساعدات',
  'record.access status': 'حالة الوصول',
  'record.service status': 'حالة الخدمة',
  'record.return': 'العودة',
  'record.gate override': 'تجاوز البوابة',
  'record.acknowledgement': 'الإقرار',
  'record.notification': 'الإشعار',
  'record.pause window': 'الهدنة',
  'record.incident': 'الحادث',
  'record.clearance task': 'مهمة التطهير',
  'record.hazard': 'المنطقة الخطرة',
  'record.alert': 'التنبيه',
  'record.plan': 'الخطة',
  'record.pickup point': 'نقطة التجمّع',
  'record.passage': 'العدّ',
  'record.convoy vehicle': 'مركبة القافلة',
  'record.convoy': 'القافلة',
  'record.figure': 'الرقم المُبلَّغ',
  'record.reception point': 'نقطة الاستقبال',
  'record.vehicle': 'المركبة',
  'record.checkpoint': 'نقطة التفتيش',
  'record.corridor': 'الممر',
  'record.command post': 'مركز القيادة',
  'record.area': 'المنطقة',
  'record.organisation': 'المنظمة',
  'record.operation': 'العملية',
};
