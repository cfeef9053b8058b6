/** One way a petition can be handled under 《信访工作条例》, with the cues that point to it. */
export interface RouteRule {
  code: string;
  label: string;
  /** The governing article of 信访工作条例. */
  article: string;
  receiver: string;
  /** Governing articles of 信访工作条例 (headings as in the corpus), first = `article`. */
  regulation: string[];
  /** Procedural articles of other statutes: `lawId:第X条`. */
  procedure: string[];
  /** [pattern, weight]: the route with the largest summed weight wins. */
  cues: [RegExp, number][];
}

export const XINFANG_LAW = '信访工作条例';
/** Titles of the statutes that procedural references name (checked against the corpus in tests). */
export const PROCEDURE_TITLES: Record<string, string> = {
  'minshi-susong-fa': '中华人民共和国民事诉讼法',
  'xingshi-susong-fa': '中华人民共和国刑事诉讼法',
  'laodong-zhengyi-tiaojie-zhongcai-fa': '中华人民共和国劳动争议调解仲裁法',
  'laodong-baozhang-jiancha-tiaoli': '劳动保障监察条例',
  'baozhang-nongmingong-gongzi-zhifu-tiaoli': '保障农民工工资支付条例',
  'xingzheng-fuyi-fa': '中华人民共和国行政复议法',
};
export const XINFANG_LAW_ID = 'xinfang-gongzuo-tiaoli';

/** Order breaks ties: more specific channels first, the residual investigation route last. */
export const ROUTE_RULES: RouteRule[] = [
  {
    code: 'accusation',
    label: '检举控告类：转送纪检监察机关依规依纪依法处理',
    article: '第三十条',
    receiver: '纪检监察机关（按照管理权限）',
    regulation: ['第三十条', '第二十二条'],
    procedure: [],
    cues: [
      [
        /贪污|受贿|行贿|索贿|收受|好处费|回扣|违规插手|腐败|挪用.{0,6}(公款|资金|款)|侵吞|吃拿卡要|公款吃喝|权钱交易|利益输送|保护伞|以权谋私|违规违纪|违纪|失职渎职|渎职/,
        3,
      ],
      [
        /(举报|检举|控告|揭发).{0,20}(书记|支书|主任|局长|所长|镇长|乡长|村长|科长|处长|干部|领导|官员|公职人员|村官|村干部)/,
        3,
      ],
      [/(书记|支书|主任|局长|所长|镇长|乡长|村长|村干部|干部).{0,20}(私分|克扣|截留|优亲厚友|冒领|套取)/, 3],
    ],
  },
  {
    code: 'party-appeal',
    label: '申诉求决类：通过党员申诉、申请复审等程序解决',
    article: '第三十一条',
    receiver: '作出处分决定的党组织或者上级党组织、纪律检查委员会',
    regulation: ['第三十一条'],
    procedure: [],
    cues: [
      [/党员|党籍|党纪|党内|留党察看|开除党籍|党内警告|政务处分|处分决定/, 2],
      [/(处分|处理决定).{0,12}(不服|申诉|复审|复核|冤枉|过重)|(不服|申诉|复审).{0,12}处分/, 2],
    ],
  },
  {
    code: 'litigation',
    label: '涉法涉诉：通过诉讼、检察、公安法律程序处理（转送政法部门）',
    article: '第三十一条',
    receiver: '同级政法部门（人民法院、人民检察院、公安机关）',
    regulation: ['第三十一条', '第二十二条'],
    // 起诉的条件 (第一百二十二条), not 第二百一十条: that one is 申请再审, which only a party to a final judgment has.
    procedure: ['minshi-susong-fa:第一百二十二条', 'xingshi-susong-fa:第一百一十三条'],
    cues: [
      [
        /判决|裁定书|一审|二审|终审|再审|法院|法官|审判|开庭|立案庭|执行局|强制执行|申请执行|执行款|老赖|失信被执行人/,
        3,
      ],
      [/检察院|检察官|公诉|抗诉|刑事案件|报案|不予立案|不立案|撤案|立案侦查|取保候审|看守所|刑拘|判刑|冤案|错案/, 2],
      [/诉讼|起诉|上诉|打官司|律师/, 1],
    ],
  },
  {
    code: 'arbitration',
    label: '申诉求决类：通过仲裁解决（劳动人事争议仲裁；拖欠工资亦可投诉劳动保障监察）',
    article: '第三十一条',
    receiver: '劳动人事争议仲裁委员会；拖欠工资可向人力资源社会保障部门劳动保障监察机构投诉',
    regulation: ['第三十一条'],
    procedure: [
      'laodong-zhengyi-tiaojie-zhongcai-fa:第五条',
      'laodong-baozhang-jiancha-tiaoli:第九条',
      'baozhang-nongmingong-gongzi-zhifu-tiaoli:第十条',
    ],
    cues: [
      [/工资|工钱|欠薪|讨薪|加班费|薪水|劳动报酬|血汗钱|绩效奖金|年终奖/, 2],
      [
        /劳动合同|劳动争议|劳动仲裁|仲裁|人事争议|辞退|开除|解除.{0,4}合同|经济补偿|赔偿金|试用期|裁员|违法解雇|用人单位|公司不给|老板|包工头|农民工/,
        1.5,
      ],
      [/(单位|公司|厂里|老板).{0,10}(不交|没交|未交|不缴|没缴|断缴).{0,4}(社保|保险)/, 2],
      [/(单位|公司|厂里|厂|老板|工地).{0,15}(补贴|津贴|提成|奖金|补助)/, 2],
      [/(聘用|人事|编制|事业单位).{0,8}(争议|纠纷|解聘|辞退)/, 2],
    ],
  },
  {
    code: 'administrative',
    label: '申诉求决类：通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决',
    article: '第三十一条',
    receiver: '作出行政行为的机关或者行政复议机关（依法申请行政复议、行政裁决、确认、许可）',
    regulation: ['第三十一条'],
    procedure: ['xingzheng-fuyi-fa:第十一条', 'xingzheng-fuyi-fa:第二十条'],
    cues: [
      [/行政复议|复议|行政裁决|行政确认|行政许可|行政处罚|处罚决定|罚款决定|吊销|暂扣|责令停产|没收/, 2.5],
      [
        /(不服|不认可|不同意|有异议|不合理|撤销).{0,15}(罚款|处罚|认定|决定|审批|登记|确权|鉴定结论)|(罚款|处罚|认定|决定|审批|登记|确权).{0,10}(不服|不公|有异议|太重)/,
        2.5,
      ],
      [
        /工伤认定|不予认定|重新鉴定|重新认定|鉴定结论|评残|确权|权属争议|林权|不动产登记|办证|审批|许可证|规划许可|撤销.{0,6}许可|营业执照|办理.{0,6}(手续|证)|(不予|拒绝|不给).{0,6}(办理|登记|审批|许可|发证)/,
        2,
      ],
    ],
  },
  {
    code: 'duty',
    label: '申诉求决类：申请查处违法行为、保护人身权或者财产权，依法履行职责或者答复',
    article: '第三十一条',
    receiver: '负有法定职责的行政机关（依法履行或者答复）',
    regulation: ['第三十一条'],
    procedure: [],
    cues: [
      [/举报|投诉|查处|取缔|整治|制止|处理一下|管一管|没人.{0,2}管|不管不问|不作为|推诿|踢皮球/, 1.5],
      [
        /噪音|噪声|扰民|污染|偷排|排污|臭味|臭气|污水|违建|违章建筑|私搭乱建|占道|无证经营|黑作坊|非法(经营|采砂|采矿|营运)|油烟|粉尘|乱倒|垃圾|威胁|人身安全|骚扰|家暴/,
        1.5,
      ],
    ],
  },
  {
    code: 'suggestion',
    label: '建议意见类：认真研究论证，科学合理的采纳或者部分采纳并予以回复',
    article: '第二十九条',
    receiver: '有权处理的机关、单位（研究论证并回复）',
    regulation: ['第二十九条'],
    procedure: [],
    cues: [
      [
        /建议|提议|倡议|献策|意见和建议|希望(政府|相关部门|有关部门|市里|区里)?.{0,10}(增设|开通|修建|设置|增加|延长|改善|完善|规划|考虑)/,
        2,
      ],
      [/能否|可否|是否可以|能不能|呼吁/, 0.5],
    ],
  },
  {
    code: 'investigation',
    label: '申诉求决类：听取陈述、调查核实，出具信访处理意见书',
    article: '第三十一条',
    receiver: '有权处理的机关、单位（调查核实，60日内出具信访处理意见书）',
    regulation: ['第三十一条', '第三十二条', '第三十四条'],
    procedure: [],
    cues: [],
  },
];
