/** Five workers of one employer, each in their own words: the later ones match the earlier ones' matter. */
export const WAGE_PETITIONS = [
  '宏达建筑公司拖欠我三个月工资，共一万二千元。',
  '我在宏达建筑公司工地干活，老板一直不发工资。',
  '反映宏达建筑公司欠薪问题，我是钢筋工，家里等钱用。',
  '宏达建筑公司项目部拖欠农民工工资，请求帮助。',
  '宏达建筑公司老板跑路了，血汗钱谁来管？',
];
