// The worker's view's words, Chinese first and English complete, in the language i18n.ts has chosen.
import { lang } from '../i18n';

const text = {
  myGrids: ['我的网格', 'My grids'], fitGrids: ['显示全部网格', 'Show all my grids'],
  householdList: ['住户列表', 'Households'], search: ['搜索编号或地址', 'Search id or address'],
  searchButton: ['搜索', 'Search'], clear: ['清除', 'Clear'],
  sortBy: ['排序', 'Sort by'], sort_grid: ['网格', 'Grid'], sort_id: ['编号', 'Id'], sort_address: ['地址', 'Address'],
  sort_residents: ['人数', 'Residents'], sort_foreign_residents: ['境外人员', 'Foreign residents'],
  ascending: ['升序', 'Ascending'], descending: ['降序', 'Descending'],
  previous: ['上一页', 'Previous'], next: ['下一页', 'Next'],
  pageOf: ['第 {a}–{b} 户，共 {n} 户', '{a}–{b} of {n} households'], noneFound: ['没有符合条件的住户', 'No household matches'],
  household: ['住户', 'Household'], id: ['编号', 'Id'], address: ['地址', 'Address'], grid: ['网格', 'Grid'],
  residents: ['常住人口', 'Residents'], foreign: ['境外人员', 'Foreign residents'], nationalities: ['国籍', 'Nationalities'],
  languages: ['语言', 'Languages'], persons: ['人', 'persons'], noGrid: ['（不属于任何网格）', '(in no grid)'],
  generated: ['生成的演示数据', 'generated demo data'], closeCard: ['关闭住户卡片', 'Close the household card'],
  history: ['调整记录', 'Move history'], noMoves: ['尚无调整记录', 'No moves yet'],
  moveTitle: ['调整到其他网格', 'Move to another grid'], toGrid: ['目标网格', 'To grid'], current: ['（当前）', ' (current)'],
  reason: ['原因（必填）', 'Reason (required)'], move: ['调整', 'Move'],
  chooseOther: ['请选择另一个网格：住户已在此网格', 'Choose another grid: the household is already in this one'],
  reasonRequired: ['请填写原因', 'A reason is required'],
  sending: ['正在发送…', 'Sending…'],
  moved: ['已调整：住户 {id} 从 {from} 调至 {to}', 'Moved: household {id} from {from} to {to}'],
  keptOffline: ['未能连接服务器：此调整已保存在本设备，联网后自动发送', 'No connection: the move is kept on this device and sent when the connection returns'],
  conflict: ['冲突：{detail}', 'Conflict: {detail}'],
  conflictNow: ['冲突：住户 {id} 已被他人调整，现在在 {grid}。此调整未执行；请核实后重新调整或放弃。', 'Conflict: household {id} was moved by someone else and is now in {grid}. This move was not made; check, then move it again or discard the move.'],
  movedMeanwhile: ['已被他人调整', 'moved by someone else meanwhile'],
  historyOffline: ['离线：联网后可查看调整记录', 'Offline: the move history shows when the connection returns'], failed: ['未能调整：{detail}', 'Not moved: {detail}'],
  outbox: ['待发送的调整', 'Moves waiting to be sent'], pending: ['待发送', 'pending'], conflictState: ['冲突', 'conflict'],
  offline: ['离线', 'offline'], online: ['在线', 'online'], sendNow: ['立即发送', 'Send now'],
  discard: ['放弃此调整', 'Discard this move'], show: ['查看住户', 'Show household'],
  pendingMove: ['待发送：调至 {to}', 'Pending: to {to}'],
  workload: ['工作量', 'Workload'], limit: ['上限 {n} 户', 'limit {n} households'], overLimit: ['超出上限', 'over the limit'],
  households: ['户', 'households'], topology: ['拓扑问题', 'Topology problems'], noProblems: ['无', 'none'],
  showOnMap: ['在地图上显示', 'Show on the map'], loading: ['加载中…', 'Loading…'],
  cluster: ['{n} 户重叠，请选择', '{n} households here: pick one'],
  cachedList: ['离线：显示本设备缓存的住户', 'Offline: households cached on this device'],
  listLabel: ['住户列表，点按一户在地图上显示', 'Households: tap one to show it on the map'],
} as const satisfies Record<string, readonly [string, string]>;

export type WorkerKey = keyof typeof text;

/** The text of <c>key</c>, with {name} placeholders filled from <c>values</c>. */
export function wt(key: WorkerKey, values?: Record<string, string | number>): string {
  let s: string = text[key][lang() === 'zh' ? 0 : 1];
  for (const [k, v] of Object.entries(values ?? {})) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
