// English given names and their diminutives, nicknames and common variant
// spellings, as a clerk in England might record them. Each line is one
// group: a formal name first, then the names people are known by. A name
// can sit in several groups (Chris is Christopher or Christine; Alex is
// Alexander or Alexandra), so two names "match" when they share a group.

const GROUPS = `
abigail abby abbie abi gail
adam ade
adrian ade
agnes aggie nessa nessie
albert al bert bertie albie
alexander alex alec alek sandy xander lex alexandre sasha
alexandra alex alexa sandra sandy lexi lexie sasha zandra
alfred alf alfie fred freddie
alice ally allie
alison ali ally allie
amanda mandy manda
andrew andy drew andie
angela angie ange
anne ann annie nan nancy nanette anna
anthony tony ant antony
archibald archie
arthur art artie
barbara barb babs barbie bobbie
benjamin ben benny benji
bernard bernie barney
beatrice bea bee trixie beattie
bradley brad
brenda bren
bridget bridie biddy brigid
caroline carol carrie caz lina carolyn
catherine cathy cath kate katie kathy cat kay kit kitty katherine kathryn katharine caitlin cate
charles charlie chas chuck chaz chic
charlotte charlie lottie lotte carly
christina chris chrissie tina christine kristina kirsty kristin
christine chris chrissie tina chrissy
christopher chris kit topher christy
cornelius con neil
cynthia cindy
daniel dan danny
david dave davey davy dai
deborah debbie deb debs debra
dennis den denny
diana di diane
dominic dom
donald don donnie
dorothy dot dotty dolly dora
douglas doug dougie
edward ed eddie ted teddy ned
edwin ed eddie
eleanor ellie nell nellie elly elinor elena ella
elizabeth liz lizzie lizzy beth betty bet bess bessie eliza elsie libby lisa liza elisabeth betsy lilibet
ellen ellie nell nellie
emily em emmy millie
emma em emmy
eugene gene
evelyn evie eve
florence flo florrie flossie
frances fran fanny frankie francesca
francis frank frankie fran
frederick fred freddie freddy
gabriel gabe
gabrielle gabby gabi
geoffrey geoff jeff jeffrey
george georgie geordie
georgina georgie gina
gerald gerry jerry ged
geraldine gerry jerry
gertrude gertie trudy
gillian gill jill jilly
gregory greg
gwendolyn gwen wendy
harold harry hal
harriet hattie harry
helen nell nellie ellie lena
henry harry hal hank
herbert herb bert
hugh hughie
isabel izzy bella belle isobel isabella isabelle issy
jacob jake jack
jacqueline jackie jacqui jacky
james jim jimmy jamie jem jas
jane janie jenny jan
janet jan jenny netta
jennifer jen jenny jenna
jessica jess jessie jessy
joanna jo joanne jo-anne
john jack johnny jon jonny jock
sean shaun shawn
jonathan jon jonny nathan
joseph joe joey jo
josephine jo jojo josie
joshua josh
judith judy jude
julia julie jules
julian jules
karen kaz karin caren
katherine kate katie kathy kat kay kitty
kathleen kath kathy kay
kenneth ken kenny
kimberley kim kimberly
lawrence larry laurie lol laurence
leonard len lenny leo
leslie les
lewis lew lou louis
louisa lou lulu louise
louise lou lulu
lucy lou luce
madeleine maddie maddy madeline
margaret maggie meg peggy peg maisie margie marge molly greta rita madge mags
marjorie marge margie
martha marty mattie patty
martin marty
mary molly polly mae may mamie maria marie
matilda tilly tilda mattie maud
matthew matt matty
maureen mo
maximilian max
maxwell max
melissa mel missy
michael mike mick micky mikey mickey mich
michelle shelley chelle
miriam mimi
nathaniel nat nate nathan
nicholas nick nicky nico
nicola nicky nikki
norman norm
oliver ollie olly
olivia liv livvy ollie
pamela pam
patricia pat patty trish tricia patsy
patrick pat paddy patsy
penelope penny
peter pete
philip phil pip phillip
priscilla cilla
rachel rach
raymond ray
rebecca becky becca beck
richard rick ricky dick rich richie
robert bob bobby rob robbie bert
roger rodge
ronald ron ronnie
rosemary rose rosie
rose rosie
samantha sam sammy
samuel sam sammy
sandra sandy sandie
sarah sally sadie sal sara
sharon shaz
sidney sid
simon si
sophia sophie soph
stanley stan
stephanie steph stevie
stephen steve stevie steven
stuart stu stewart
susan sue suzy susie sukie suzanne
suzanne sue suzy susie
terence terry tel
teresa tess tessa terri tracy theresa
theodore theo ted teddy
thomas tom tommy
timothy tim timmy
tobias toby
valerie val
veronica ronnie nica
victoria vicky vikki tori vic
vincent vince vinny
walter walt wally
william bill billy will willy liam wills
winifred winnie freda
zachary zach zak
yvonne vonnie
`
  // Not only English: the forms clerks in England meet most often among
  // Polish, Yoruba and Arabic names, where the short form is a different word.
  + `
katarzyna kasia kasha kate
malgorzata gosia
aleksandra ola
agnieszka aga
temitope tope temi
oluwaseun seun
oluwadamilola dami lola
oluwatobi tobi
mohammed mohammad mohamed mo moe
muhammad mo
abdullah abdul
`;

/** Group ids for each name: every name in a group shares that group's id. */
function buildIndex(): Map<string, number[]> {
  const index = new Map<string, number[]>();
  let id = 0;
  for (const line of GROUPS.split('\n')) {
    const names = line.trim().split(/\s+/).filter((n) => n !== '');
    if (names.length < 2) continue;
    for (const raw of names) {
      const name = raw.replace(/-/g, ' ');
      const ids = index.get(name);
      if (ids === undefined) index.set(name, [id]);
      else if (!ids.includes(id)) ids.push(id);
    }
    id++;
  }
  return index;
}

const INDEX = buildIndex();
const NONE: readonly number[] = Object.freeze([]);

/** The nickname groups a normalised given name belongs to (empty when none). */
export function nicknameGroups(name: string): readonly number[] {
  return INDEX.get(name) ?? NONE;
}

/** True when two normalised given names are known variants of each other (and differ). */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const ga = nicknameGroups(a);
  if (ga.length === 0) return false;
  const gb = nicknameGroups(b);
  for (const g of ga) if (gb.includes(g)) return true;
  return false;
}

/** How many distinct name pairs the table knows (for tests and documentation). */
export function nicknamePairCount(): number {
  const pairs = new Set<string>();
  const byGroup = new Map<number, string[]>();
  for (const [name, ids] of INDEX) for (const id of ids) byGroup.set(id, [...(byGroup.get(id) ?? []), name]);
  for (const names of byGroup.values())
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) {
        const a = names[i] as string;
        const b = names[j] as string;
        pairs.add(a < b ? `${a}|${b}` : `${b}|${a}`);
      }
  return pairs.size;
}
